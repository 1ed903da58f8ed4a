/** Create/Accept/Reject/Delete/DescribeVpcPeeringConnections. */
import { boolean, integer, listOf, required, string, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput, TagSpecificationInput } from "../protocol/input-shapes";
import type { QueryOperation, RequestContext } from "@/lib/sandbox/core/types";
import { acceptPeering, createPeering, deletePeering, rejectPeering, type PeeringClock } from "../model/peering";
import type { Ec2State, PeeringConnection, PeeringVpcInfo } from "../model/types";
import { selectResources } from "../protocol/describe";
import type { FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { list, requiredStr, str } from "../protocol/params";
import { applyTagSpecifications, readTagSpecifications, tagSet } from "../protocol/tags";

function vpcInfoView(info: PeeringVpcInfo, withOptions: boolean) {
  return {
    cidrBlock: info.cidrBlock || undefined,
    cidrBlockSet: info.cidrBlock ? [{ cidrBlock: info.cidrBlock }] : undefined,
    ownerId: info.ownerId,
    peeringOptions: withOptions
      ? { allowDnsResolutionFromRemoteVpc: false, allowEgressFromLocalClassicLinkToRemoteVpc: false, allowEgressFromLocalVpcToRemoteClassicLink: false }
      : undefined,
    vpcId: info.vpcId,
    region: info.region,
  };
}

/** Expiration is shown while the request waits for acceptance; peering options once it is up. */
export function peeringView(state: Ec2State, pcx: PeeringConnection, status?: { code: string; message: string }) {
  const up = pcx.status === "active" || pcx.status === "provisioning";
  const pending = pcx.status === "pending-acceptance" || pcx.status === "initiating-request";
  return {
    accepterVpcInfo: vpcInfoView(pcx.accepter, up),
    expirationTime: pending ? new Date(pcx.expiresAt).toISOString() : undefined,
    requesterVpcInfo: vpcInfoView(pcx.requester, up),
    status: status ?? { code: pcx.status, message: pcx.message },
    tagSet: tagSet(state, pcx.id),
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
  "accepter-vpc-info.cidr-block": (pcx) => pcx.accepter.cidrBlock,
  "accepter-vpc-info.owner-id": (pcx) => pcx.accepter.ownerId,
};

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
