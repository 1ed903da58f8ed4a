/** Systems Manager's errors (JSON 1.1: the code is the __type), with AWS's codes and wording; some carry no message, as SSM sends none. */
import { AwsError } from "@/lib/sandbox/core/errors";

export function invalidCommandId(): AwsError {
  return new AwsError("InvalidCommandId", "");
}

export function invalidDocument(): AwsError {
  return new AwsError("InvalidDocument", "The specified document does not exist.");
}

export function invalidDocumentVersion(): AwsError {
  return new AwsError("InvalidDocumentVersion", "The document version is not valid or does not exist.");
}

export function invalidFilter(): AwsError {
  return new AwsError("InvalidFilter", "InstanceInformationFilterList and Filters cannot be used together.");
}

export function invalidFilterKey(key: string): AwsError {
  return new AwsError("InvalidFilterKey", `The filter key ${key} is not valid.`);
}

export function invalidFilterValue(value: string, key: string): AwsError {
  return new AwsError("InvalidFilterValue", `The value ${value} for the filter ${key} is not valid.`);
}

export function invalidInstanceId(instanceIds: string[], accountId: string): AwsError {
  return new AwsError("InvalidInstanceId", `Instances [[${instanceIds.join(", ")}]] not in a valid state for account ${accountId}`);
}

export function invalidInstanceInformationFilterValue(key: string): AwsError {
  return new AwsError("InvalidInstanceInformationFilterValue", `The filter key ${key} is not valid.`);
}

export function invalidNextToken(): AwsError {
  return new AwsError("InvalidNextToken", "The specified token isn't valid.");
}

export function invalidParameters(): AwsError {
  return new AwsError(
    "InvalidParameters",
    "You must specify values for all required parameters in the Systems Manager document (SSM document). You might have a typo or the parameter might not exist.",
  );
}

export function invalidPluginName(): AwsError {
  return new AwsError("InvalidPluginName", "");
}

export function invalidTarget(Key: string): AwsError {
  return new AwsError("InvalidTarget", `Target key ${Key} is not supported.`);
}

export function invocationDoesNotExist(): AwsError {
  return new AwsError("InvocationDoesNotExist", "");
}

/** The JSON protocol's own answer, shared with the other JSON services. */
export { serializationException } from "@/lib/sandbox/core/errors";

export function validationException(shown: string, member: string, constraint: string): AwsError {
  return new AwsError("ValidationException", `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

export function validationExceptionIdsAndTargets(): AwsError {
  return new AwsError("ValidationException", "Instance Ids and Targets cannot be specified together.");
}

export function validationExceptionInstanceIds(instanceIds: string[]): AwsError {
  return new AwsError(
    "ValidationException",
    `1 validation error detected: Value '[${instanceIds.join(", ")}]' at 'instanceIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 20, Member must have length greater than or equal to 10, Member must satisfy regular expression pattern: (^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)]`,
  );
}

export function validationExceptionNoTargets(): AwsError {
  return new AwsError("ValidationException", "Either Instance Ids or Targets must be specified.");
}
