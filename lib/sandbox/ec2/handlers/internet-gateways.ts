/** Create/Attach/Detach/Delete/DescribeInternetGateways. */
import { boolean, integer, listOf, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, RequestContext } from "@/lib/sandbox/core/types";
import { attachInternetGateway, createInternetGateway, deleteInternetGateway, detachInternetGateway } from "../model/gateways";
import type { Ec2State, InternetGateway } from "../model/types";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { list, requiredStr } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSetAlways } from "../protocol/tags";

export function internetGatewayView(state: Ec2State, gateway: InternetGateway, ctx: RequestContext) {
  return {
    attachmentSet: gateway.attachedVpcId ? [{ state: "available", vpcId: gateway.attachedVpcId }] : [],
    internetGatewayId: gateway.id,
    ownerId: ctx.accountId,
    tagSet: tagSetAlways(state, gateway.id),
  };
}

function gatewayFilters(ctx: RequestContext): FilterTable<InternetGateway> {
  return {
    "internet-gateway-id": (gateway) => gateway.id,
    "attachment.vpc-id": (gateway) => gateway.attachedVpcId,
    "attachment.state": (gateway) => (gateway.attachedVpcId ? "available" : undefined),
    "owner-id": () => ctx.accountId,
  };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateInternetGateway: {
    TagSpecification: listOf(TagSpecificationInput),
    DryRun: boolean(),
  },
  AttachInternetGateway: {
    DryRun: boolean(),
    InternetGatewayId: required(string()),
    VpcId: required(string()),
  },
  DetachInternetGateway: {
    DryRun: boolean(),
    InternetGatewayId: required(string()),
    VpcId: required(string()),
  },
  DeleteInternetGateway: {
    DryRun: boolean(),
    InternetGatewayId: required(string()),
  },
  DescribeInternetGateways: {
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
    DryRun: boolean(),
    InternetGatewayId: listOf(string()),
    Filter: listOf(FilterInput),
  },
} satisfies Record<string, InputMembers>;

export const internetGatewayOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateInternetGateway: writeOperation(INPUTS.CreateInternetGateway, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["internet-gateway"]);
    const gateway = createInternetGateway(state);
    applyTagSpecifications(state, tags, "internet-gateway", gateway.id);
    return { internetGateway: internetGatewayView(state, gateway, ctx) };
  }),

  AttachInternetGateway: writeOperation(INPUTS.AttachInternetGateway, (params, _ctx, state) => {
    attachInternetGateway(state, requiredStr(params, "InternetGatewayId"), requiredStr(params, "VpcId"));
    return { return: true };
  }),

  DetachInternetGateway: writeOperation(INPUTS.DetachInternetGateway, (params, _ctx, state) => {
    detachInternetGateway(state, requiredStr(params, "InternetGatewayId"), requiredStr(params, "VpcId"));
    return { return: true };
  }),

  DeleteInternetGateway: writeOperation(INPUTS.DeleteInternetGateway, (params, _ctx, state) => {
    deleteInternetGateway(state, requiredStr(params, "InternetGatewayId"));
    return { return: true };
  }),

  DescribeInternetGateways: readOperation(INPUTS.DescribeInternetGateways, (params, ctx, state) => {
    const page = selectResources(state, params, {
      records: state.internetGateways,
      kind: "internetGateway",
      ids: list(params, "InternetGatewayId"),
      filters: gatewayFilters(ctx),
      idOf: (gateway) => gateway.id,
      limits: { min: 5, max: 1000 },
    });
    return { internetGatewaySet: page.items.map((gateway) => internetGatewayView(state, gateway, ctx)), nextToken: page.nextToken };
  }),
};
