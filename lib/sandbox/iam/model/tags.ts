/** IAM tags on a role, user or instance profile: IAM's limits and messages (keys are unique case-insensitively). */
import { invalidInputDuplicateTagKeys, limitExceededQuota, validationErrorMaxLength, validationErrorPattern, validationErrorTagKeys } from "./errors";

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
  if (tag.Key.length > 128) throw validationErrorMaxLength(`${at}.key`, undefined, 128);
  if (!KEY_PATTERN.test(tag.Key)) throw validationErrorPattern(`${at}.key`, undefined, `${PATTERN_TEXT}+`);
  if (tag.Value.length > 256) throw validationErrorMaxLength(`${at}.value`, undefined, 256);
  if (!VALUE_PATTERN.test(tag.Value)) throw validationErrorPattern(`${at}.value`, undefined, `${PATTERN_TEXT}*`);
}

/** Checks the Tags of a CreateRole or TagRole request: at most 50, each within IAM's limits, no key twice. */
export function checkTags(tags: IamTag[]): void {
  if (tags.length > MAX_TAGS) throw validationErrorMaxLength("tags", undefined, MAX_TAGS);
  tags.forEach((tag, index) => checkTag(tag, index + 1));
  const keys = new Set(tags.map((tag) => tag.Key.toLowerCase()));
  if (keys.size !== tags.length) throw invalidInputDuplicateTagKeys();
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
  if (keys.length > MAX_TAGS) throw validationErrorMaxLength("tagKeys", undefined, MAX_TAGS);
  if (keys.some((key) => key.length < 1 || key.length > 128 || !KEY_PATTERN.test(key))) {
    throw validationErrorTagKeys(`${PATTERN_TEXT}+`);
  }
}
