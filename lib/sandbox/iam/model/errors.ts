/** IAM's errors, with its codes and wording. */
import { AwsError } from "@/lib/sandbox/core/errors";

function noSuchEntity(message: string): AwsError {
  return new AwsError("NoSuchEntity", message, 404);
}

function limitExceeded(message: string): AwsError {
  return new AwsError("LimitExceeded", message, 409);
}

function invalidInput(message: string): AwsError {
  return new AwsError("InvalidInput", message, 400);
}

/** IAM's model validation: "1 validation error detected: Value 'x' at 'userName' failed to satisfy constraint: …". */
function validationError(detail: string): AwsError {
  return new AwsError("ValidationError", `1 validation error detected: ${detail}`, 400);
}

/**
 * How IAM names the value it refuses: quoted for a top-level member ("Value 'x' at 'userName'"),
 * left out for a member inside a list ("Value at 'tags.1.member.key'"), null when absent.
 */
export type RefusedValue = string | number | null | undefined;

function constraintFailed(member: string, value: RefusedValue, constraint: string): AwsError {
  const shown = value === undefined ? "" : value === null ? " null" : ` '${value}'`;
  return validationError(`Value${shown} at '${member}' failed to satisfy constraint: Member ${constraint}`);
}

export function validationErrorNotNull(member: string): AwsError {
  return constraintFailed(member, null, "must not be null");
}

export function validationErrorNotString(member: string): AwsError {
  return constraintFailed(member, undefined, "must be a string");
}

export function validationErrorNotInteger(member: string, value: string): AwsError {
  return constraintFailed(member, value, "must be an integer");
}

export function validationErrorNotList(member: string): AwsError {
  return constraintFailed(member, undefined, "must be a list");
}

export function validationErrorMaxLength(member: string, value: RefusedValue, maxLength: number): AwsError {
  return constraintFailed(member, value, `must have length less than or equal to ${maxLength}`);
}

export function validationErrorMinLength(member: string, value: RefusedValue, minLength: number): AwsError {
  return constraintFailed(member, value, `must have length greater than or equal to ${minLength}`);
}

export function validationErrorPattern(member: string, value: RefusedValue, pattern: string): AwsError {
  return constraintFailed(member, value, `must satisfy regular expression pattern: ${pattern}`);
}

export function validationErrorEnum(member: string, value: RefusedValue, values: readonly string[]): AwsError {
  return constraintFailed(member, value, `must satisfy enum value set: [${values.join(", ")}]`);
}

export function validationErrorMinValue(member: string, value: RefusedValue, min: number): AwsError {
  return constraintFailed(member, value, `must have value greater than or equal to ${min}`);
}

export function validationErrorMaxValue(member: string, value: RefusedValue, max: number): AwsError {
  return constraintFailed(member, value, `must have value less than or equal to ${max}`);
}

/** UntagRole's TagKeys: IAM lists the whole constraint set of a key at once. */
export function validationErrorTagKeys(keyPattern: string): AwsError {
  return constraintFailed(
    "tagKeys",
    undefined,
    `must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${keyPattern}, Member must not be null]`,
  );
}

export function invalidInputArn(arn: string): AwsError {
  return invalidInput(`ARN ${arn} is not valid.`);
}

export function invalidInputDuplicateTagKeys(): AwsError {
  return invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
}

/** What IAM says must go before an entity can be deleted. */
export type DeleteConflictReason = "remove users from group" | "detach all policies" | "delete policies" | "remove roles from instance profile" | "delete access keys";

/** "Cannot delete entity, must detach all policies first." */
export function deleteConflict(what: DeleteConflictReason): AwsError {
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

/** A managed policy that is not there to attach (or to use as a permissions boundary). */
export function noSuchEntityPolicy(arn: string): AwsError {
  return noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
}

/** DetachUserPolicy / DetachRolePolicy of a policy the holder does not have. */
export function noSuchEntityPolicyNotAttached(arn: string): AwsError {
  return noSuchEntity(`Policy ${arn} was not found.`);
}

export function noSuchEntityPolicyVersion(arn: string, versionId: string): AwsError {
  return noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
}

/** A PermissionsBoundary naming no managed policy. */
export function noSuchEntityPermissionsBoundary(arn: string): AwsError {
  return noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
}

/** "The user policy with name s3 cannot be found." */
export function noSuchEntityInlinePolicy(noun: "user" | "role" | "group", name: string): AwsError {
  return noSuchEntity(`The ${noun} policy with name ${name} cannot be found.`);
}

export function noSuchEntityInstanceProfile(name: string): AwsError {
  return noSuchEntity(`Instance Profile ${name} cannot be found.`);
}

export function noSuchEntityAccessKey(accessKeyId: string): AwsError {
  return noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
}

export function noSuchEntityAccountAlias(alias: string): AwsError {
  return noSuchEntity(`The account alias ${alias} cannot be found.`);
}

/** GetLoginProfile / DeleteLoginProfile of a user (or the root user, by account id) without one. */
export function noSuchEntityLoginProfile(name: string): AwsError {
  return noSuchEntity(`Login Profile for User ${name} cannot be found.`);
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

/** An inline policy that would take the holder's inline policies past its size quota. */
export function limitExceededPolicySize(maxChars: number, noun: string, holderName: string): AwsError {
  return limitExceeded(`Maximum policy size of ${maxChars} bytes exceeded for ${noun} ${holderName}`);
}

/** One of IAM's account quotas ("Cannot exceed quota for RolesPerAccount: 1000"). */
export function limitExceededQuota(quota: string, max: number): AwsError {
  return limitExceeded(`Cannot exceed quota for ${quota}: ${max}`);
}
