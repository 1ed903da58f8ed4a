/** Lazy time-based transitions, applied by the core before every call. */
import { advanceInstances } from "./instances";
import { advancePeerings } from "./peering";
import type { Ec2State } from "./types";

export function advanceEc2State(state: Ec2State, now: number): boolean {
  const instancesChanged = advanceInstances(state, now);
  const peeringsChanged = advancePeerings(state, now);
  return instancesChanged || peeringsChanged;
}
