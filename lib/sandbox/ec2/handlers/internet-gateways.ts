/** Create/Attach/Detach/Delete/DescribeInternetGateways. */
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

export const internetGatewayOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateInternetGateway: writeOperation((params, ctx, state) => {
    const tags = readTagSpecifications(params, ["internet-gateway"]);
    const gateway = createInternetGateway(state);
    applyTagSpecifications(state, tags, "internet-gateway", gateway.id);
    return { internetGateway: internetGatewayView(state, gateway, ctx) };
  }),

  AttachInternetGateway: writeOperation((params, _ctx, state) => {
    attachInternetGateway(state, requiredStr(params, "InternetGatewayId"), requiredStr(params, "VpcId"));
    return { return: true };
  }),

  DetachInternetGateway: writeOperation((params, _ctx, state) => {
    detachInternetGateway(state, requiredStr(params, "InternetGatewayId"), requiredStr(params, "VpcId"));
    return { return: true };
  }),

  DeleteInternetGateway: writeOperation((params, _ctx, state) => {
    deleteInternetGateway(state, requiredStr(params, "InternetGatewayId"));
    return { return: true };
  }),

  DescribeInternetGateways: readOperation((params, ctx, state) => {
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
