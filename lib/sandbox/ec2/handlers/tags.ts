/** CreateTags, DeleteTags, DescribeTags over every taggable resource. */
import { boolean, integer, listOf, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, TagInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams } from "@/lib/sandbox/core/types";
import { missingParameter, missingResource, type IdKindName, invalidId } from "../model/errors";
import { dhcpOptionsExist } from "../model/dhcp-options";
import { endpointRecords } from "../model/endpoints";
import { isVisible, visibleRecords } from "../model/lookup";
import { instanceOfInterfaceId, instanceOfVolume } from "../model/volumes";
import { removeTags, resourceTypeOf, setTags } from "../model/tags";
import type { Ec2State, Tag } from "../model/types";
import { applyFilters, readFilters, type FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { paginate } from "../protocol/pagination";
import { list, requiredStr, str, structList } from "../protocol/params";
import { readTags } from "../protocol/tags";

/** Which collection holds each taggable id prefix, and the NotFound error kind for it. */
const TAGGABLE: Record<string, { kind: IdKindName; exists: (state: Ec2State, id: string) => boolean }> = {
  vpc: { kind: "vpc", exists: (s, id) => isVisible(s.vpcs, id) },
  subnet: { kind: "subnet", exists: (s, id) => isVisible(s.subnets, id) },
  igw: { kind: "internetGateway", exists: (s, id) => isVisible(s.internetGateways, id) },
  rtb: { kind: "routeTable", exists: (s, id) => isVisible(s.routeTables, id) },
  pcx: { kind: "peering", exists: (s, id) => isVisible(s.peeringConnections, id) },
  sg: { kind: "securityGroup", exists: (s, id) => isVisible(s.securityGroups, id) },
  sgr: { kind: "securityGroupRule", exists: (s, id) => visibleRecords(s.securityGroups).some((g) => g.rules.some((r) => r.id === id)) },
  acl: { kind: "networkAcl", exists: (s, id) => isVisible(s.networkAcls, id) },
  i: { kind: "instance", exists: (s, id) => isVisible(s.instances, id) },
  eipalloc: { kind: "allocation", exists: (s, id) => isVisible(s.addresses, id) },
  vpce: { kind: "vpcEndpoint", exists: (s, id) => isVisible(endpointRecords(s), id) },
  eni: { kind: "networkInterface", exists: (s, id) => instanceOfInterfaceId(s, id) !== undefined },
  vol: { kind: "volume", exists: (s, id) => instanceOfVolume(s, id) !== undefined },
  dopt: { kind: "dhcpOptions", exists: (s, id) => dhcpOptionsExist(s, id) },
};

function checkTaggable(state: Ec2State, resourceId: string): void {
  const prefix = resourceId.slice(0, Math.max(0, resourceId.indexOf("-")));
  const taggable = Object.hasOwn(TAGGABLE, prefix) ? TAGGABLE[prefix] : undefined;
  if (!taggable || !/^[a-z]+-[0-9a-f]+$/.test(resourceId)) throw invalidId(resourceId);
  if (!taggable.exists(state, resourceId)) throw missingResource(taggable.kind, resourceId);
}

function resourceIdsOf(params: QueryParams): string[] {
  const ids = list(params, "ResourceId");
  if (ids.length === 0) throw missingParameter("ResourceId");
  return ids;
}

interface TagEntry extends Tag {
  resourceId: string;
  resourceType: string;
}

const TAG_FILTERS: FilterTable<TagEntry> = {
  key: (entry) => entry.key,
  value: (entry) => entry.value,
  "resource-id": (entry) => entry.resourceId,
  "resource-type": (entry) => entry.resourceType,
};

function allTagEntries(state: Ec2State): TagEntry[] {
  return Object.entries(state.tags).flatMap(([resourceId, tags]) =>
    tags.map((tag) => ({ resourceId, resourceType: resourceTypeOf(resourceId) ?? "", key: tag.key, value: tag.value })),
  );
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateTags: {
    DryRun: boolean(),
    ResourceId: required(listOf(string())),
    Tag: required(listOf(TagInput)),
  },
  DeleteTags: {
    DryRun: boolean(),
    ResourceId: required(listOf(string())),
    Tag: listOf(TagInput),
  },
  DescribeTags: {
    DryRun: boolean(),
    Filter: listOf(FilterInput),
    MaxResults: integer(),
    NextToken: string(),
  },
} satisfies Record<string, InputMembers>;

export const tagOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateTags: writeOperation(INPUTS.CreateTags, (params, _ctx, state) => {
    const resourceIds = resourceIdsOf(params);
    const tags = readTags(structList(params, "Tag"));
    if (tags.length === 0) throw missingParameter("Tag");
    for (const resourceId of resourceIds) checkTaggable(state, resourceId);
    for (const resourceId of resourceIds) setTags(state, resourceId, tags);
    return { return: true };
  }),

  DeleteTags: writeOperation(INPUTS.DeleteTags, (params, _ctx, state) => {
    const resourceIds = resourceIdsOf(params);
    const tags = structList(params, "Tag").map((tag) => ({ key: requiredStr(tag, "Key"), value: str(tag, "Value") }));
    for (const resourceId of resourceIds) checkTaggable(state, resourceId);
    for (const resourceId of resourceIds) removeTags(state, resourceId, tags);
    return { return: true };
  }),

  DescribeTags: readOperation(INPUTS.DescribeTags, (params, _ctx, state) => {
    const filtered = applyFilters(allTagEntries(state), readFilters(params), TAG_FILTERS, () => []);
    const page = paginate(filtered, params, { min: 5, max: 1000 });
    return {
      tagSet: page.items.map((entry) => ({ key: entry.key, resourceId: entry.resourceId, resourceType: entry.resourceType, value: entry.value })),
      nextToken: page.nextToken,
    };
  }),
};
