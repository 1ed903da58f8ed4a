/** Create/Accept/Reject/Delete/DescribeVpcPeeringConnections. */
import { boolean, integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, RequestContext } from "@/lib/sandbox/core/types";
import {
  acceptPeering,
  createPeering,
  deletePeering,
  modifyPeeringOptions,
  rejectPeering,
  wasAccepted,
  type PeeringClock,
  type PeeringSideOptions,
} from "../model/peering";
import type { Ec2State, PeeringConnection, PeeringVpcInfo } from "../model/types";
import { vpcIpv4Blocks } from "../model/vpc-blocks";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { bool, list, requiredStr, str, struct, type Struct } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSetAlways } from "../protocol/tags";

function optionsView(info: PeeringVpcInfo) {
  return {
    allowDnsResolutionFromRemoteVpc: info.allowDnsResolutionFromRemoteVpc ?? false,
    allowEgressFromLocalClassicLinkToRemoteVpc: false,
    allowEgressFromLocalVpcToRemoteClassicLink: false,
  };
}

/** Every IPv4 block of a side's VPC while it exists (AWS lists secondary blocks too), else the block it had. */
function sideCidrs(state: Ec2State, info: PeeringVpcInfo): string[] {
  const vpc = state.vpcs[info.vpcId];
  return vpc ? vpcIpv4Blocks(vpc).map((block) => block.cidr) : [info.cidrBlock];
}

/** A side's CIDRs, when AWS shows them (the accepter's only once the request was accepted). */
function vpcInfoView(state: Ec2State, info: PeeringVpcInfo, showCidr: boolean, withOptions: boolean) {
  const cidr = showCidr && info.cidrBlock ? info.cidrBlock : undefined;
  return {
    cidrBlock: cidr,
    cidrBlockSet: cidr ? sideCidrs(state, info).map((block) => ({ cidrBlock: block })) : undefined,
    ownerId: info.ownerId,
    peeringOptions: withOptions ? optionsView(info) : undefined,
    vpcId: info.vpcId,
    region: info.region,
  };
}

/** Expiration is shown while the request waits for acceptance; the accepter's CIDR and peering options once it was accepted. */
export function peeringView(state: Ec2State, pcx: PeeringConnection, status?: { code: string; message: string }) {
  const up = pcx.status === "active" || pcx.status === "provisioning";
  const pending = pcx.status === "pending-acceptance" || pcx.status === "initiating-request";
  return {
    accepterVpcInfo: vpcInfoView(state, pcx.accepter, wasAccepted(pcx), up),
    expirationTime: pending ? new Date(pcx.expiresAt).toISOString() : undefined,
    requesterVpcInfo: vpcInfoView(state, pcx.requester, true, up),
    status: status ?? { code: pcx.status, message: pcx.message },
    tagSet: tagSetAlways(state, pcx.id),
    vpcPeeringConnectionId: pcx.id,
  };
}

const PEERING_FILTERS: FilterTable<PeeringConnection> = {
  "vpc-peering-connection-id": (pcx) => pcx.id,
  "status-code": (pcx) => pcx.status,
  "status-message": (pcx) => pcx.message,
  "expiration-time": (pcx) => new Date(pcx.expiresAt).toISOString(),
  "requester-vpc-info.vpc-id": (pcx) => pcx.requester.vpcId,
  "requester-vpc-info.cidr-block": (pcx) => pcx.requester.cidrBlock,
  "requester-vpc-info.owner-id": (pcx) => pcx.requester.ownerId,
  "accepter-vpc-info.vpc-id": (pcx) => pcx.accepter.vpcId,
  "accepter-vpc-info.cidr-block": (pcx) => (wasAccepted(pcx) ? pcx.accepter.cidrBlock : undefined),
  "accepter-vpc-info.owner-id": (pcx) => pcx.accepter.ownerId,
};

/** `RequesterPeeringConnectionOptions.AllowDnsResolutionFromRemoteVpc=true`, ... */
function readSideOptions(params: Struct, name: string): PeeringSideOptions | undefined {
  const given = struct(params, name);
  if (!given) return undefined;
  return {
    allowDnsResolutionFromRemoteVpc: bool(given, "AllowDnsResolutionFromRemoteVpc"),
    allowEgressFromLocalClassicLinkToRemoteVpc: bool(given, "AllowEgressFromLocalClassicLinkToRemoteVpc"),
    allowEgressFromLocalVpcToRemoteClassicLink: bool(given, "AllowEgressFromLocalVpcToRemoteClassicLink"),
  };
}

function clockOf(ctx: RequestContext): PeeringClock {
  return { accountId: ctx.accountId, region: ctx.region, now: ctx.now };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  CreateVpcPeeringConnection: {
    PeerRegion: string(),
    TagSpecification: listOf(TagSpecificationInput),
    DryRun: boolean(),
    VpcId: required(string()),
    PeerVpcId: string(),
    PeerOwnerId: string(),
  },
  AcceptVpcPeeringConnection: {
    DryRun: boolean(),
    VpcPeeringConnectionId: required(string()),
  },
  RejectVpcPeeringConnection: {
    DryRun: boolean(),
    VpcPeeringConnectionId: required(string()),
  },
  DeleteVpcPeeringConnection: {
    DryRun: boolean(),
    VpcPeeringConnectionId: required(string()),
  },
  DescribeVpcPeeringConnections: {
    NextToken: string(),
    MaxResults: integer({ min: 5, max: 1000 }),
    DryRun: boolean(),
    VpcPeeringConnectionId: listOf(string()),
    Filter: listOf(FilterInput),
  },
  ModifyVpcPeeringConnectionOptions: {
    AccepterPeeringConnectionOptions: structure({
      AllowDnsResolutionFromRemoteVpc: boolean(),
      AllowEgressFromLocalClassicLinkToRemoteVpc: boolean(),
      AllowEgressFromLocalVpcToRemoteClassicLink: boolean(),
    }),
    DryRun: boolean(),
    RequesterPeeringConnectionOptions: structure({
      AllowDnsResolutionFromRemoteVpc: boolean(),
      AllowEgressFromLocalClassicLinkToRemoteVpc: boolean(),
      AllowEgressFromLocalVpcToRemoteClassicLink: boolean(),
    }),
    VpcPeeringConnectionId: required(string()),
  },
} satisfies Record<string, InputMembers>;

export const peeringOperations: Record<string, QueryOperation<Ec2State>> = {
  CreateVpcPeeringConnection: writeOperation(INPUTS.CreateVpcPeeringConnection, (params, ctx, state) => {
    const tags = readTagSpecifications(params, ["vpc-peering-connection"]);
    const pcx = createPeering(
      state,
      {
        vpcId: requiredStr(params, "VpcId"),
        peerVpcId: requiredStr(params, "PeerVpcId"),
        peerOwnerId: str(params, "PeerOwnerId") ?? ctx.accountId,
        peerRegion: str(params, "PeerRegion") ?? ctx.region,
      },
      clockOf(ctx),
    );
    applyTagSpecifications(state, tags, "vpc-peering-connection", pcx.id);
    // AWS answers while the request is still being made; Describe then shows where it went.
    const initiating = { code: "initiating-request", message: `Initiating Request to ${pcx.accepter.ownerId}` };
    return { vpcPeeringConnection: peeringView(state, { ...pcx, status: "initiating-request" }, initiating) };
  }),

  AcceptVpcPeeringConnection: writeOperation(INPUTS.AcceptVpcPeeringConnection, (params, ctx, state) => {
    const pcx = acceptPeering(state, requiredStr(params, "VpcPeeringConnectionId"), clockOf(ctx), ctx.delays.peeringProvisioningMs);
    return { vpcPeeringConnection: peeringView(state, pcx) };
  }),

  RejectVpcPeeringConnection: writeOperation(INPUTS.RejectVpcPeeringConnection, (params, ctx, state) => {
    rejectPeering(state, requiredStr(params, "VpcPeeringConnectionId"), clockOf(ctx));
    return { return: true };
  }),

  DeleteVpcPeeringConnection: writeOperation(INPUTS.DeleteVpcPeeringConnection, (params, ctx, state) => {
    deletePeering(state, requiredStr(params, "VpcPeeringConnectionId"), clockOf(ctx));
    return { return: true };
  }),

  ModifyVpcPeeringConnectionOptions: writeOperation(INPUTS.ModifyVpcPeeringConnectionOptions, (params, _ctx, state) => {
    const requester = readSideOptions(params, "RequesterPeeringConnectionOptions");
    const accepter = readSideOptions(params, "AccepterPeeringConnectionOptions");
    const pcx = modifyPeeringOptions(state, requiredStr(params, "VpcPeeringConnectionId"), requester, accepter);
    return {
      requesterPeeringConnectionOptions: requester ? optionsView(pcx.requester) : undefined,
      accepterPeeringConnectionOptions: accepter ? optionsView(pcx.accepter) : undefined,
    };
  }),

  DescribeVpcPeeringConnections: readOperation(INPUTS.DescribeVpcPeeringConnections, (params, _ctx, state) => {
    const page = selectResources(state, params, {
      records: state.peeringConnections,
      kind: "peering",
      ids: list(params, "VpcPeeringConnectionId"),
      filters: PEERING_FILTERS,
      idOf: (pcx) => pcx.id,
      limits: { min: 5, max: 1000 },
    });
    return { vpcPeeringConnectionSet: page.items.map((pcx) => peeringView(state, pcx)), nextToken: page.nextToken };
  }),
};
