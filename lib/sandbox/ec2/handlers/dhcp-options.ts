/** CreateDhcpOptions, DescribeDhcpOptions, AssociateDhcpOptions, DeleteDhcpOptions. */
import { boolean, integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { associateDhcpOptions, createDhcpOptions, deleteDhcpOptions, dhcpOptionsRecords } from "../model/dhcp-options";
import { missingParameter } from "../model/errors";
import type { DhcpConfiguration, DhcpOptions, Ec2State } from "../model/types";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { list, requiredStr, str, structList } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSetAlways } from "../protocol/tags";

function dhcpOptionsView(state: Ec2State, set: DhcpOptions, ctx: RequestContext) {
  return {
    dhcpConfigurationSet: set.configurations.map((c) => ({ key: c.key, valueSet: c.values.map((value) => ({ value })) })),
    dhcpOptionsId: set.id,
    ownerId: ctx.accountId,
    tagSet: tagSetAlways(state, set.id),
  };
}

function dhcpFilters(ctx: RequestContext): FilterTable<DhcpOptions> {
  return {
    "dhcp-options-id": (set) => set.id,
    key: (set) => set.configurations.map((c) => c.key),
    value: (set) => set.configurations.flatMap((c) => c.values),
    "owner-id": () => ctx.accountId,
  };
}

/** `DhcpConfiguration.N.Key` with `DhcpConfiguration.N.Value.M`. */
function readConfigurations(params: QueryParams): DhcpConfiguration[] {
  return structList(params, "DhcpConfiguration").map((entry) => ({ key: requiredStr(entry, "Key"), values: list(entry, "Value") }));
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateDhcpOptions: {
    DhcpConfiguration: required(listOf(structure({
      Key: string(),
      Value: listOf(string()),
    }))),
    TagSpecification: listOf(TagSpecificationInput),
    DryRun: boolean(),
  },
  DescribeDhcpOptions: {
    DhcpOptionsId: listOf(string()),
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
    DryRun: boolean(),
    Filter: listOf(FilterInput),
  },
  AssociateDhcpOptions: {
    DhcpOptionsId: required(string()),
    VpcId: required(string()),
    DryRun: boolean(),
  },
  DeleteDhcpOptions: {
    DhcpOptionsId: required(string()),
    DryRun: boolean(),
  },
} satisfies Record<string, InputMembers>;

export const dhcpOptionsOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateDhcpOptions: writeOperation(INPUTS.CreateDhcpOptions, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["dhcp-options"]);
    const set = createDhcpOptions(state, ctx.region, readConfigurations(params));
    applyTagSpecifications(state, tags, "dhcp-options", set.id);
    return { dhcpOptions: dhcpOptionsView(state, set, ctx) };
  }),

  DescribeDhcpOptions: readOperation(INPUTS.DescribeDhcpOptions, (params, ctx, state) => {
    const page = selectResources(state, params, {
      records: dhcpOptionsRecords(state, ctx.region),
      kind: "dhcpOptions",
      ids: list(params, "DhcpOptionsId"),
      filters: dhcpFilters(ctx),
      idOf: (set) => set.id,
      limits: { min: 5, max: 1000 },
    });
    return { dhcpOptionsSet: page.items.map((set) => dhcpOptionsView(state, set, ctx)), nextToken: page.nextToken };
  }),

  AssociateDhcpOptions: writeOperation(INPUTS.AssociateDhcpOptions, (params, ctx, state) => {
    const dhcpOptionsId = str(params, "DhcpOptionsId");
    if (dhcpOptionsId === undefined) throw missingParameter("DhcpOptionsId");
    associateDhcpOptions(state, ctx.region, dhcpOptionsId, requiredStr(params, "VpcId"));
    return { return: true };
  }),

  DeleteDhcpOptions: writeOperation(INPUTS.DeleteDhcpOptions, (params, ctx, state) => {
    deleteDhcpOptions(state, ctx.region, requiredStr(params, "DhcpOptionsId"));
    return { return: true };
  }),
};
