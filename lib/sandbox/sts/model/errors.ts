/** STS's errors, with AWS's codes, statuses and wording. */
import { AwsError } from "@/lib/sandbox/core/errors";

export function accessDenied(arn: string, roleArn: string): AwsError {
  return new AwsError("AccessDenied", `User: ${arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
}

export function validationErrorMaxSessionDuration(): AwsError {
  return new AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
}

/** A role session asking another role for more than an hour (role chaining): a plain message, no "1 validation error detected:" prefix. */
export function validationErrorRoleChainingDuration(): AwsError {
  return new AwsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400);
}
