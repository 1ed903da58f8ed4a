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

function malformedPolicyDocument(message: string): AwsError {
  return new AwsError("MalformedPolicyDocument", message);
}

/** The policy breaks the grammar (an unknown field, a field of the wrong type, an effect that is no effect). */
export function malformedPolicyDocumentSyntax(): AwsError {
  return malformedPolicyDocument("Syntax errors in policy.");
}

/** A trust policy that is not JSON. */
export function malformedPolicyDocumentInvalidJson(): AwsError {
  return malformedPolicyDocument("This policy contains invalid Json");
}

/** An identity policy with a Principal or NotPrincipal. */
export function malformedPolicyDocumentPrincipalNotAllowed(): AwsError {
  return malformedPolicyDocument("Policy document should not specify a principal.");
}

export function malformedPolicyDocumentVersion(): AwsError {
  return malformedPolicyDocument("Policy document must be version 2012-10-17 or greater.");
}

/** An Effect in the wrong case ("allow"). */
export function malformedPolicyDocumentLegacyParsing(): AwsError {
  return malformedPolicyDocument("The policy failed legacy parsing");
}

export function malformedPolicyDocumentDuplicateSid(): AwsError {
  return malformedPolicyDocument("Statement IDs (SID) in a single policy must be unique.");
}

export function malformedPolicyDocumentNoActions(): AwsError {
  return malformedPolicyDocument("Policy statement must contain actions.");
}

export function malformedPolicyDocumentNoResources(): AwsError {
  return malformedPolicyDocument("Policy statement must contain resources.");
}

export function malformedPolicyDocumentResourceNotArn(resource: string): AwsError {
  return malformedPolicyDocument(`Resource ${resource} must be in ARN format or "*".`);
}

export function malformedPolicyDocumentResourceVendor(): AwsError {
  return malformedPolicyDocument("Resource vendor must be fully qualified and cannot contain regexes.");
}

export function malformedPolicyDocumentActionNoVendor(): AwsError {
  return malformedPolicyDocument("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
}

export function malformedPolicyDocumentActionColons(): AwsError {
  return malformedPolicyDocument("Actions/Condition can contain only one colon.");
}

export function malformedPolicyDocumentActionVendor(vendor: string): AwsError {
  return malformedPolicyDocument(`Vendor ${vendor} is not valid`);
}

/** A trust policy's bare "*" principal: IAM names the wildcard STAR ({"AWS": "*"} is the accepted form). */
export function malformedPolicyDocumentStarPrincipal(): AwsError {
  return malformedPolicyDocument('AssumeRolepolicy contained an invalid principal: "STAR":"*".');
}

/** 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/gone"' */
export function malformedPolicyDocumentInvalidPrincipal(type: string, value: string): AwsError {
  return malformedPolicyDocument(`Invalid principal in policy: "${type.toUpperCase()}":"${value}"`);
}

/** A trust policy's Resource, NotResource or NotPrincipal. */
export function malformedPolicyDocumentProhibitedField(field: string): AwsError {
  return malformedPolicyDocument(`Has prohibited field ${field}`);
}

export function malformedPolicyDocumentNoPrincipals(): AwsError {
  return malformedPolicyDocument("Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!");
}

export function malformedPolicyDocumentNotAssumeRoleAction(): AwsError {
  return malformedPolicyDocument("AssumeRole policy may only specify STS AssumeRole actions.");
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
