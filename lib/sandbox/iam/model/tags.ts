/** IAM tags on a role, user or instance profile: IAM's limits and messages (keys are unique case-insensitively). */
import { invalidInput, limitExceededQuota, validationError } from "./errors";

export interface IamTag {
  Key: string;
  Value: string;
}

export const MAX_TAGS = 50;
const KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const PATTERN_TEXT = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]";

function checkTag(tag: IamTag, position: number): void {
  const at = `tags.${position}.member`;
  if (tag.Key.length > 128) throw validationError(`Value at '${at}.key' failed to satisfy constraint: Member must have length less than or equal to 128`);
  if (!KEY_PATTERN.test(tag.Key)) throw validationError(`Value at '${at}.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PATTERN_TEXT}+`);
  if (tag.Value.length > 256) throw validationError(`Value at '${at}.value' failed to satisfy constraint: Member must have length less than or equal to 256`);
  if (!VALUE_PATTERN.test(tag.Value)) throw validationError(`Value at '${at}.value' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PATTERN_TEXT}*`);
}

/** Checks the Tags of a CreateRole or TagRole request: at most 50, each within IAM's limits, no key twice. */
export function checkTags(tags: IamTag[]): void {
  if (tags.length > MAX_TAGS) throw validationError(`Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`);
  tags.forEach((tag, index) => checkTag(tag, index + 1));
  const keys = new Set(tags.map((tag) => tag.Key.toLowerCase()));
  if (keys.size !== tags.length) throw invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
}

/** TagRole, TagUser…: a key already on the entity (in any case) gets the new value; the entity may carry 50 tags in all. */
export function mergeTags(existing: IamTag[], added: IamTag[], quota = "TagsPerRole"): IamTag[] {
  const merged = existing.map((tag) => ({ ...tag }));
  for (const tag of added) {
    const same = merged.find((candidate) => candidate.Key.toLowerCase() === tag.Key.toLowerCase());
    if (same) same.Value = tag.Value;
    else merged.push({ ...tag });
  }
  if (merged.length > MAX_TAGS) throw limitExceededQuota(quota, MAX_TAGS);
  return merged;
}

/** UntagRole's TagKeys: 1–50 keys within IAM's key limits (IAM reports the whole constraint set at once). */
export function checkTagKeys(keys: string[]): void {
  if (keys.length > MAX_TAGS) throw validationError(`Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`);
  if (keys.some((key) => key.length < 1 || key.length > 128 || !KEY_PATTERN.test(key))) {
    throw validationError(
      `Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${PATTERN_TEXT}+, Member must not be null]`,
    );
  }
}
