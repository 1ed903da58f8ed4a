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

/** "Cannot delete entity, must detach all policies first." */
export function deleteConflict(what: string): AwsError {
  return new AwsError("DeleteConflict", `Cannot delete entity, must ${what} first.`, 409);
}

export function malformedPolicyDocument(message: string): AwsError {
  return new AwsError("MalformedPolicyDocument", message);
}

export function validationErrorInvalidMarker(): AwsError {
  return new AwsError("ValidationError", "Invalid Marker.", 400);
}

export function validationErrorInvalidPath(member: string): AwsError {
  return new AwsError(
    "ValidationError",
    `The specified value for ${member} is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`,
    400,
  );
}

export function validationErrorUserNameRequired(): AwsError {
  return new AwsError("ValidationError", "Must specify userName when calling with non-User credentials", 400);
}

/** "The user with name alice cannot be found." */
export function noSuchEntityNamed(kind: "user" | "role" | "group", name: string): AwsError {
  return noSuchEntity(`The ${kind} with name ${name} cannot be found.`);
}

/** "Role with name web already exists." */
export function entityAlreadyExists(kind: "User" | "Role" | "Group", name: string): AwsError {
  return new AwsError("EntityAlreadyExists", `${kind} with name ${name} already exists.`, 409);
}

export function entityAlreadyExistsInstanceProfile(name: string): AwsError {
  return new AwsError("EntityAlreadyExists", `Instance Profile ${name} already exists.`, 409);
}

/** One of IAM's account quotas ("Cannot exceed quota for RolesPerAccount: 1000"). */
export function limitExceededQuota(quota: string, max: number): AwsError {
  return limitExceeded(`Cannot exceed quota for ${quota}: ${max}`);
}
