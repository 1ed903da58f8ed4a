/**
 * EC2 Instance Connect (JSON 1.1, X-Amz-Target "AWSEC2InstanceConnectService.*"): SendSSHPublicKey.
 * Credentials of a sandbox account may always push keys, so AuthException never arises here. The
 * operation is in handlers/keys.ts, the keys' rules in model/keys.ts, errors in model/errors.ts;
 * this file copies EC2's instances into the service's state after each EC2 change.
 */
import { processSingleton } from "@/lib/process-singleton";
import { coralJsonDialect } from "@/lib/sandbox/core/validation-errors";
import { onSandboxChange, runOnState, stateVersion } from "@/lib/sandbox/core/state-store";
import type { JsonService } from "@/lib/sandbox/core/types";
import { sameFleet } from "@/lib/sandbox/ssm/model/fleet";
import { updateFleetCopy } from "@/lib/sandbox/fleet-copies";
import { sendSshPublicKey } from "./handlers/keys";
import { emptyInstanceConnectState, type InstanceConnectState } from "./model/keys";

export const INSTANCE_CONNECT_SERVICE_NAME = "ec2-instance-connect";

function access(accountId: string, region: string, mutates: boolean) {
  return { accountId, service: INSTANCE_CONNECT_SERVICE_NAME, region, action: "InstanceSync", mutates, initialState: emptyInstanceConnectState, initialStateIsFixed: true };
}

function syncInstances(accountId: string, region: string): Promise<void> {
  return updateFleetCopy(INSTANCE_CONNECT_SERVICE_NAME, accountId, region, () => stateVersion(accountId, INSTANCE_CONNECT_SERVICE_NAME), async (instances) => {
    const unchanged = await runOnState(access(accountId, region, false), (state: InstanceConnectState) => sameFleet(state.instances, instances));
    if (!unchanged) await runOnState(access(accountId, region, true), (state: InstanceConnectState) => void (state.instances = instances));
  });
}

/** Copies the instances from EC2 after every EC2 change (once per process). */
function startInstanceSync(): void {
  const status = processSingleton("instance-connect-sync", () => ({ started: false }));
  if (status.started) return;
  status.started = true;
  onSandboxChange((change) => {
    if (change.service !== "ec2" || !change.region) return;
    syncInstances(change.accountId, change.region).catch((error: unknown) => console.error(`ec2-instance-connect: sync of account ${change.accountId} failed`, error));
  });
}

startInstanceSync();

export const instanceConnectService: JsonService<InstanceConnectState> = {
  name: INSTANCE_CONNECT_SERVICE_NAME,
  targetPrefix: "AWSEC2InstanceConnectService",
  regional: true,
  inputDialect: coralJsonDialect("InvalidArgsException"),
  initialState: emptyInstanceConnectState,
  initialStateIsFixed: true,
  operations: {
    SendSSHPublicKey: sendSshPublicKey,
  },
};
