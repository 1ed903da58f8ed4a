/** IAM's errors, with its codes and wording. */
import { AwsError } from "@/lib/sandbox/core/errors";

export function noSuchEntity(message: string): AwsError {
  return new AwsError("NoSuchEntity", message, 404);
}

export function limitExceeded(message: string): AwsError {
  return new AwsError("LimitExceeded", message, 409);
}

export function invalidInput(message: string): AwsError {
  return new AwsError("InvalidInput", message, 400);
}

/** IAM's model validation ("1 validation error detected: …"). */
export function validationError(detail: string): AwsError {
  return new AwsError("ValidationError", `1 validation error detected: ${detail}`, 400);
}
