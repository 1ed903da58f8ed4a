/**
 * EC2 Instance Connect (JSON 1.1, X-Amz-Target "AWSEC2InstanceConnectService.*"): SendSSHPublicKey.
 * Credentials of a sandbox account may always push keys, so AuthException never arises here.
 */
import { processSingleton } from "@/lib/process-singleton";
import { required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { coralJsonDialect } from "@/lib/sandbox/core/validation-errors";
import { onSandboxChange, runOnState } from "@/lib/sandbox/core/state-store";
import { AwsError } from "@/lib/sandbox/core/errors";
import type { JsonInput, JsonService } from "@/lib/sandbox/core/types";
import { fleetOf, sameFleet } from "@/lib/sandbox/ssm/model/fleet";
import { optionalString, requiredString } from "@/lib/sandbox/ssm/protocol/input";
import { readEc2State } from "@/lib/sandbox/host-account-view";
import { emptyInstanceConnectState, pushKey, type InstanceConnectState, type PushKeyRequest } from "./model";
import { invalidArgsException } from "@/lib/sandbox/ec2-instance-connect/errors";

/** What each operation accepts (botocore's ec2-instance-connect model); checked before the handler runs (core/json-inputs.ts). */
const INPUTS = {
  SendSSHPublicKey: {
    InstanceId: required(string({ minLength: 10, maxLength: 32, pattern: "^i-[a-f0-9]+$" })),
    InstanceOSUser: required(string({ minLength: 1, maxLength: 32, pattern: "(^[A-Za-z_][A-Za-z0-9\\@\\._-]{0,30}[A-Za-z0-9\\$_-]?$)|(^(?=.{2,32}$)[0-9]{1,32}[A-Za-z\\@\\._-][A-Za-z0-9\\@\\._-]*[A-Za-z0-9\\$_-]?$)" })),
    SSHPublicKey: required(string({ minLength: 80, maxLength: 4096 })),
    AvailabilityZone: string({ minLength: 6, maxLength: 32, pattern: "^(\\w+-){2,3}\\d+\\w+$" }),
  },
} satisfies Record<string, InputMembers>;

export const INSTANCE_CONNECT_SERVICE_NAME = "ec2-instance-connect";

function access(accountId: string, region: string, mutates: boolean) {
  return { accountId, service: INSTANCE_CONNECT_SERVICE_NAME, region, action: "InstanceSync", mutates, initialState: emptyInstanceConnectState };
}

async function syncInstances(accountId: string, region: string): Promise<void> {
  const instances = await readEc2State(accountId, region, (state) => fleetOf(state, region));
  const unchanged = await runOnState(access(accountId, region, false), (state: InstanceConnectState) => sameFleet(state.instances, instances));
  if (!unchanged) await runOnState(access(accountId, region, true), (state: InstanceConnectState) => void (state.instances = instances));
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

/** This service reports missing members as InvalidArgsException, where other JSON services say ValidationException. */
function readPushKey(input: JsonInput): PushKeyRequest {
  try {
    return {
      instanceId: requiredString(input, "InstanceId"),
      osUser: requiredString(input, "InstanceOSUser"),
      publicKey: requiredString(input, "SSHPublicKey"),
      availabilityZone: optionalString(input, "AvailabilityZone"),
    };
  } catch (error) {
    if (error instanceof AwsError && error.code === "ValidationException") throw invalidArgsException(error.message);
    throw error;
  }
}

export const instanceConnectService: JsonService<InstanceConnectState> = {
  name: INSTANCE_CONNECT_SERVICE_NAME,
  targetPrefix: "AWSEC2InstanceConnectService",
  regional: true,
  inputDialect: coralJsonDialect("InvalidArgsException"),
  initialState: emptyInstanceConnectState,
  operations: {
    SendSSHPublicKey: {
      mutates: true,
      input: INPUTS.SendSSHPublicKey,
      run(input, ctx, state) {
        pushKey(state, readPushKey(input), ctx.now);
        return { RequestId: ctx.requestId, Success: true };
      },
    },
  },
};
