/**
 * Copies of EC2's fleet kept in other services' states (SSM's managed instances, Instance Connect's
 * instances), brought up to date after every EC2 change of an account. Most EC2 changes (routes,
 * subnets, security groups, peering) touch no instance: the copy is then left alone without being
 * read or compared. EC2 states are immutable, so an instance collection or an instance's tags that
 * did not change are the very objects the last copy was made from.
 */
import { IdleCache } from "@/lib/idle-cache";
import { processSingleton } from "@/lib/process-singleton";
import { STATE_IDLE_MS } from "@/lib/sandbox/core/state-store";
import type { Ec2State } from "@/lib/sandbox/ec2/model/types";
import { fleetOf } from "@/lib/sandbox/ssm/model/fleet";
import type { FleetInstance } from "@/lib/sandbox/ssm/model/types";
import { readEc2State } from "./host-account-view";

type Fleet = Record<string, FleetInstance>;

/**
 * Per copy, account and region, the latest update started: once it has finished, what it made the
 * copy from (the copy's own state's version after it first). An update finishing after a later one
 * started (a launch's, whose read moved the instance to running) records nothing. An account's entry
 * goes when its states do (STATE_IDLE_MS unused): it would hold its last instances and tags alive,
 * and the states read back after it are new objects, which the copy is then updated from anyway.
 */
const latest = processSingleton("fleet-copies", () => new IdleCache<string, Update>(STATE_IDLE_MS));

interface Update {
  /** What the copy was made from, once the update has finished. */
  madeFrom?: readonly unknown[];
  /** What the copy is being made from, while the update runs. */
  making?: readonly unknown[];
}

/** Everything fleetOf reads of the state. */
function fleetSources(ec2: Ec2State): unknown[] {
  const sources: unknown[] = [ec2.instances];
  for (const id of Object.keys(ec2.instances)) sources.push(ec2.tags[id]);
  return sources;
}

function sameSources(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  return a !== undefined && a.length === b.length && a.every((source, n) => source === b[n]);
}

/**
 * Runs `update` with the account's fleet, unless neither the EC2 instances (and their tags) nor the
 * copy's own state (`copyVersion`: its live version, moved by any change of it, another process's
 * included) changed since the copy was last updated, or since the update still running started: a
 * launch's own update reads the instance's move to running, whose change comes back here before
 * that update has written anything. A failed update is tried again on the next change.
 */
export async function updateFleetCopy(copy: string, accountId: string, region: string, copyVersion: () => number, update: (fleet: Fleet) => Promise<void>): Promise<void> {
  const key = `${copy}\n${accountId}\n${region}`;
  const changed = await readEc2State(accountId, region, (state) => {
    const sources = [copyVersion(), ...fleetSources(state)];
    const last = latest.get(key);
    return sameSources(last?.madeFrom, sources) || sameSources(last?.making, sources) ? null : { fleet: fleetOf(state, region), sources };
  });
  if (!changed) return;
  const started: Update = { making: changed.sources };
  latest.set(key, started);
  try {
    await update(changed.fleet);
    started.madeFrom = [copyVersion(), ...changed.sources.slice(1)];
  } finally {
    delete started.making;
  }
}
