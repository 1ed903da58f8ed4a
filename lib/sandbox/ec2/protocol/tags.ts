/** `TagSpecification.N` on create calls and the `tagSet` of responses. */
import type { QueryParams } from "@/lib/sandbox/core/types";
import { invalidParameterValue } from "../model/errors";
import { setTags, tagsOf } from "../model/tags";
import type { Ec2State, Tag } from "../model/types";
import { requiredStr, str, structList, type Struct } from "./params";

export function readTags(items: Struct[]): Tag[] {
  return items.map((tag) => ({ key: requiredStr(tag, "Key"), value: str(tag, "Value") ?? "" }));
}

/** The tags to put on each resource type a create call makes; other types are refused as AWS does. */
export function readTagSpecifications(params: QueryParams, allowedTypes: readonly string[]): Map<string, Tag[]> {
  const byType = new Map<string, Tag[]>();
  for (const spec of structList(params, "TagSpecification")) {
    const type = str(spec, "ResourceType") ?? "";
    if (!allowedTypes.includes(type)) throw invalidParameterValue(`'${type}' is not a valid taggable resource type for this operation.`);
    const tags = readTags(structList(spec, "Tag"));
    if (tags.length === 0) throw invalidParameterValue("Tag specification must have at least one tag");
    byType.set(type, [...(byType.get(type) ?? []), ...tags]);
  }
  return byType;
}

export function applyTagSpecifications(state: Ec2State, specs: Map<string, Tag[]>, type: string, resourceId: string): void {
  const tags = specs.get(type);
  if (tags) setTags(state, resourceId, tags);
}

/** A resource's tagSet, left out when it has no tags (as AWS does for VPCs, subnets, instances, groups, volumes). */
export function tagSet(state: Ec2State, resourceId: string): Tag[] | undefined {
  const tags = tagsOf(state, resourceId);
  return tags.length === 0 ? undefined : tags.map((tag) => ({ key: tag.key, value: tag.value }));
}

/**
 * A resource's tagSet, an empty element when it has no tags: AWS always sends one for internet
 * gateways, route tables, network ACLs, peering connections, endpoints, DHCP options and network
 * interfaces (tools read `Tags` / `TagSet` of these without a default).
 */
export function tagSetAlways(state: Ec2State, resourceId: string): Tag[] {
  return tagsOf(state, resourceId).map((tag) => ({ key: tag.key, value: tag.value }));
}
