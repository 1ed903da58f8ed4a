/**
 * Keeps SSM's fleet in step with EC2: after every EC2 change of an account, the fleet is copied
 * from the EC2 state (written only when it differs), and the files of instances that are gone are
 * deleted. The copy is queued behind the change itself, so any SSM call that arrives after an
 * EC2 call has returned sees its effect.
 */
import { processSingleton } from "@/lib/process-singleton";
import { onSandboxChange, stateVersion } from "@/lib/sandbox/core/state-store";
import { updateFleetCopy } from "@/lib/sandbox/fleet-copies";
import { pruneHostFiles } from "@/lib/sandbox/host-account-view";
import { sameFleet } from "./model/fleet";
import { changeSsmState, readSsmState, SSM_SERVICE_NAME } from "./state";

function syncFleet(accountId: string, region: string): Promise<void> {
  return updateFleetCopy("ssm", accountId, region, () => stateVersion(accountId, SSM_SERVICE_NAME), async (fleet) => {
    const unchanged = await readSsmState(accountId, region, (state) => sameFleet(state.fleet, fleet));
    if (!unchanged) await changeSsmState(accountId, region, "FleetSync", (state) => void (state.fleet = fleet));
    await pruneHostFiles(accountId, region, new Set(Object.keys(fleet)));
  });
}

/** Subscribes once per process (the Next bundle and server.ts share the subscription). */
export function startFleetSync(): void {
  const status = processSingleton("ssm-fleet-sync", () => ({ started: false }));
  if (status.started) return;
  status.started = true;
  onSandboxChange((change) => {
    if (change.service !== "ec2" || !change.region) return;
    syncFleet(change.accountId, change.region).catch((error: unknown) => console.error(`ssm: fleet sync of account ${change.accountId} failed`, error));
  });
}
