/** Tags of every EC2 resource, kept by resource id, with AWS's limits. */
import { invalidParameterValue, tagLimitExceeded } from "./errors";
import type { Ec2State, Tag } from "./types";

export const MAX_TAGS_PER_RESOURCE = 50;

/** DescribeTags' resource-type by id prefix. */
const RESOURCE_TYPES: Record<string, string> = {
  vpc: "vpc",
  subnet: "subnet",
  igw: "internet-gateway",
  rtb: "route-table",
  pcx: "vpc-peering-connection",
  sg: "security-group",
  sgr: "security-group-rule",
  acl: "network-acl",
  i: "instance",
  eni: "network-interface",
  eipalloc: "elastic-ip",
  vpce: "vpc-endpoint",
  dopt: "dhcp-options",
  vol: "volume",
};

export function resourceTypeOf(resourceId: string): string | undefined {
  return RESOURCE_TYPES[resourceId.slice(0, resourceId.indexOf("-"))];
}

const NO_TAGS: Tag[] = [];

export function tagsOf(state: Ec2State, resourceId: string): Tag[] {
  return state.tags[resourceId] ?? NO_TAGS;
}

export function validateTag(tag: Tag): void {
  if (tag.key.length === 0 || tag.key.length > 128) {
    throw invalidParameterValue(`Tag key must be between 1 and 128 characters long`);
  }
  if (tag.value.length > 256) throw invalidParameterValue(`Tag value exceeds the maximum length of 256 characters`);
  if (tag.key.toLowerCase().startsWith("aws:")) {
    throw invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
  }
}

/** Adds or overwrites tags on a resource (CreateTags, TagSpecifications). */
export function setTags(state: Ec2State, resourceId: string, tags: Tag[]): void {
  if (tags.length === 0) return;
  const current = [...tagsOf(state, resourceId)];
  for (const tag of tags) {
    validateTag(tag);
    const existing = current.findIndex((t) => t.key === tag.key);
    if (existing >= 0) current[existing] = { key: tag.key, value: tag.value };
    else current.push({ key: tag.key, value: tag.value });
  }
  if (current.length > MAX_TAGS_PER_RESOURCE) {
    throw tagLimitExceeded();
  }
  state.tags[resourceId] = current;
}

/** DeleteTags: a tag given with a value is removed only when its value matches; without a value, whatever it holds. */
export function removeTags(state: Ec2State, resourceId: string, tags: { key: string; value?: string }[]): void {
  const current = state.tags[resourceId];
  if (!current) return;
  const kept = tags.length === 0 ? [] : current.filter((tag) => !tags.some((t) => t.key === tag.key && (t.value === undefined || t.value === tag.value)));
  if (kept.length === 0) delete state.tags[resourceId];
  else state.tags[resourceId] = kept;
}

export function forgetTags(state: Ec2State, resourceId: string): void {
  delete state.tags[resourceId];
}
