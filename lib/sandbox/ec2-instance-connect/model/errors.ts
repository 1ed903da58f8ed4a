/** EC2 Instance Connect's errors (JSON 1.1), with AWS's codes and wording. */
import { AwsError } from "@/lib/sandbox/core/errors";

export function ec2InstanceNotFoundException(instanceId: string): AwsError {
  return new AwsError("EC2InstanceNotFoundException", `Instance ${instanceId} not found`);
}

export function ec2InstanceStateInvalidException(instanceId: string, state: string): AwsError {
  return new AwsError("EC2InstanceStateInvalidException", `Instance ${instanceId} is not in a valid state for this operation (${state})`);
}

export function invalidArgsException(message: string): AwsError {
  return new AwsError("InvalidArgsException", message);
}
