/** Lazy time-based transitions, applied by the core before every call. */
import { advanceInstances, instancesDue } from "./instances";
import { advancePeerings, peeringsDue } from "./peering";
import type { Ec2State } from "./types";

export function advanceEc2State(state: Ec2State, now: number): boolean {
  const instancesChanged = advanceInstances(state, now);
  const peeringsChanged = advancePeerings(state, now);
  return instancesChanged || peeringsChanged;
}

/** Whether advanceEc2State would change anything at `now`: read on the frozen state, so a call with nothing due makes no draft. */
export function ec2TransitionsDue(state: Ec2State, now: number): boolean {
  return instancesDue(state, now) || peeringsDue(state, now);
}
