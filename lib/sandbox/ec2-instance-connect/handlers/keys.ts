/** SendSSHPublicKey: a key an instance's OS user accepts for 60 seconds. */
import { AwsError } from "@/lib/sandbox/core/errors";
import { required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { JsonInput, JsonOperation } from "@/lib/sandbox/core/types";
import { optionalString, requiredString } from "@/lib/sandbox/ssm/protocol/input";
import { invalidArgsException } from "../model/errors";
import { pushKey, type InstanceConnectState, type PushKeyRequest } from "../model/keys";

/** What each operation accepts (botocore's ec2-instance-connect model); checked before the handler runs (core/json-inputs.ts). */
const INPUTS = {
  SendSSHPublicKey: {
    InstanceId: required(string({ minLength: 10, maxLength: 32, pattern: "^i-[a-f0-9]+$" })),
    InstanceOSUser: required(string({ minLength: 1, maxLength: 32, pattern: "(^[A-Za-z_][A-Za-z0-9\\@\\._-]{0,30}[A-Za-z0-9\\$_-]?$)|(^(?=.{2,32}$)[0-9]{1,32}[A-Za-z\\@\\._-][A-Za-z0-9\\@\\._-]*[A-Za-z0-9\\$_-]?$)" })),
    SSHPublicKey: required(string({ minLength: 80, maxLength: 4096 })),
    AvailabilityZone: string({ minLength: 6, maxLength: 32, pattern: "^(\\w+-){2,3}\\d+\\w+$" }),
  },
} satisfies Record<string, InputMembers>;

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

export const sendSshPublicKey: JsonOperation<InstanceConnectState> = {
  mutates: true,
  input: INPUTS.SendSSHPublicKey,
  run(input, ctx, state) {
    pushKey(state, readPushKey(input), ctx.now);
    return { RequestId: ctx.requestId, Success: true };
  },
};
