/**
 * VPC peering connections and their lifecycle: pending-acceptance (7 days, then expired),
 * provisioning, active; rejected, failed, deleted and expired ones stay listed for a while.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import { type Ipv4Block, blocksOverlap } from "@/lib/cidr";
import { invalidParameterValue, invalidStateTransition, operationNotPermittedInactivePeering, unsupportedOperationInRegion, vpcPeeringConnectionAlreadyExists } from "./errors";
import { newId } from "./ids";
import { lookup } from "./lookup";
import type { Ec2State, PeeringConnection, PeeringStatusCode, PeeringVpcInfo } from "./types";
import { checkVpcQuota, countWhere } from "./quotas";
import { vpcIpv4Cidrs } from "./vpc-blocks";

const HOUR = 60 * 60 * 1000;
export const PEERING_REQUEST_LIFETIME_MS = 7 * 24 * HOUR;
/** How long finished connections stay visible (AWS: 2 days for rejected/expired, 2 hours for failed/deleted). */
const VISIBLE_AFTER: Partial<Record<PeeringStatusCode, number>> = {
  rejected: 48 * HOUR,
  expired: 48 * HOUR,
  failed: 2 * HOUR,
  deleted: 2 * HOUR,
};

/** Same wording as AWS's console and API for a connection that could not be set up. */
export const OVERLAPPING_CIDR_MESSAGE = "Overlapping CIDR range";
const UNREACHABLE_PEER_MESSAGE = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range";

export interface PeeringRequest {
  vpcId: string;
  peerVpcId: string;
  peerOwnerId: string;
  peerRegion: string;
}

export interface PeeringClock {
  accountId: string;
  region: string;
  now: number;
}

export function getPeering(state: Ec2State, peeringId: string): PeeringConnection {
  return lookup(state.peeringConnections, "peering", peeringId);
}

function setStatus(pcx: PeeringConnection, status: PeeringStatusCode, message: string, now: number): void {
  pcx.status = status;
  pcx.message = message;
  const visibleFor = VISIBLE_AFTER[status];
  if (visibleFor !== undefined) pcx.visibleUntil = now + visibleFor;
}

function isLive(pcx: PeeringConnection): boolean {
  return pcx.status === "pending-acceptance" || pcx.status === "provisioning" || pcx.status === "active";
}

function checkNoLivePeering(state: Ec2State, a: string, b: string): void {
  const existing = Object.values(state.peeringConnections).find(
    (pcx) => isLive(pcx) && [pcx.requester.vpcId, pcx.accepter.vpcId].sort().join() === [a, b].sort().join(),
  );
  if (existing) {
    throw vpcPeeringConnectionAlreadyExists(a, b, existing.id);
  }
}

/**
 * Creates the request. Peers in this account and region are checked at once; another account or
 * region is out of the sandbox's reach, so the request fails as AWS fails an unreachable peer.
 */
export function createPeering(state: Ec2State, request: PeeringRequest, clock: PeeringClock): PeeringConnection {
  const requesterVpc = lookup(state.vpcs, "vpc", request.vpcId);
  checkOutstandingRequests(state, requesterVpc.id);
  const local = request.peerOwnerId === clock.accountId && request.peerRegion === clock.region;
  const requester: PeeringVpcInfo = { vpcId: requesterVpc.id, cidrBlock: requesterVpc.cidrBlock, ownerId: clock.accountId, region: clock.region };
  const accepter: PeeringVpcInfo = { vpcId: request.peerVpcId, cidrBlock: "", ownerId: request.peerOwnerId, region: request.peerRegion };
  const pcx: PeeringConnection = { id: newId("pcx"), requester, accepter, status: "initiating-request", message: "", expiresAt: clock.now + PEERING_REQUEST_LIFETIME_MS };
  if (!local) {
    setStatus(pcx, "failed", UNREACHABLE_PEER_MESSAGE, clock.now);
  } else {
    const peerVpc = lookup(state.vpcs, "vpc", request.peerVpcId);
    if (peerVpc.id === requesterVpc.id) throw invalidParameterValue(`Cannot create a VPC peering connection between ${peerVpc.id} and itself.`);
    checkNoLivePeering(state, requesterVpc.id, peerVpc.id);
    accepter.cidrBlock = peerVpc.cidrBlock;
    if (anyOverlap(vpcIpv4Cidrs(requesterVpc), vpcIpv4Cidrs(peerVpc))) setStatus(pcx, "failed", OVERLAPPING_CIDR_MESSAGE, clock.now);
    else setStatus(pcx, "pending-acceptance", `Pending Acceptance by ${request.peerOwnerId}`, clock.now);
  }
  state.peeringConnections[pcx.id] = pcx;
  return pcx;
}

/** Peering needs every IPv4 block of one VPC apart from every block of the other. */
function anyOverlap(blocks: Ipv4Block[], others: Ipv4Block[]): boolean {
  return blocks.some((block) => others.some((other) => blocksOverlap(block, other)));
}

/**
 * Outstanding requests per VPC: those pending acceptance, and (the sandbox's addition) failed
 * ones still listed, since a request to another account or Region fails at once here.
 */
function checkOutstandingRequests(state: Ec2State, vpcId: string): void {
  const outstanding = countWhere(
    state.peeringConnections,
    (pcx) => pcx.requester.vpcId === vpcId && (pcx.status === "pending-acceptance" || pcx.status === "failed"),
  );
  checkVpcQuota("outstandingPeeringRequestsPerVpc", outstanding);
}

/** Active (or provisioning) connections of each VPC of the connection being accepted. */
function checkActivePeerings(state: Ec2State, pcx: PeeringConnection): void {
  for (const vpcId of [pcx.requester.vpcId, pcx.accepter.vpcId]) {
    const active = countWhere(
      state.peeringConnections,
      (other) => (other.status === "active" || other.status === "provisioning") && (other.requester.vpcId === vpcId || other.accepter.vpcId === vpcId),
    );
    checkVpcQuota("activePeeringsPerVpc", active);
  }
}

function invalidTransition(pcx: PeeringConnection, to: PeeringStatusCode): AwsError {
  return invalidStateTransition(pcx.id, pcx.status, to);
}

export function acceptPeering(state: Ec2State, peeringId: string, clock: PeeringClock, provisioningMs: number): PeeringConnection {
  const pcx = getPeering(state, peeringId);
  if (pcx.status !== "pending-acceptance") throw invalidTransition(pcx, "active");
  checkActivePeerings(state, pcx);
  setStatus(pcx, "provisioning", "Provisioning", clock.now);
  pcx.activeAt = clock.now + provisioningMs;
  return pcx;
}

export function rejectPeering(state: Ec2State, peeringId: string, clock: PeeringClock): void {
  const pcx = getPeering(state, peeringId);
  if (pcx.status !== "pending-acceptance") throw invalidTransition(pcx, "rejected");
  setStatus(pcx, "rejected", `Rejected by ${clock.accountId}`, clock.now);
}

export function deletePeering(state: Ec2State, peeringId: string, clock: PeeringClock): void {
  const pcx = getPeering(state, peeringId);
  if (!isLive(pcx)) throw invalidTransition(pcx, "deleted");
  setStatus(pcx, "deleted", `Deleted by ${clock.accountId}`, clock.now);
}

/** Whether advancePeerings has anything to do for the connection at `now`. */
function peeringDue(pcx: PeeringConnection, now: number): boolean {
  if (pcx.status === "provisioning" && now >= (pcx.activeAt ?? 0)) return true;
  if (pcx.status === "pending-acceptance" && now >= pcx.expiresAt) return true;
  return pcx.visibleUntil !== undefined && now >= pcx.visibleUntil;
}

export function peeringsDue(state: Ec2State, now: number): boolean {
  return Object.values(state.peeringConnections).some((pcx) => peeringDue(pcx, now));
}

/** Time-based changes: provisioning -> active, pending -> expired, finished ones drop out. */
export function advancePeerings(state: Ec2State, now: number): boolean {
  let changed = false;
  for (const pcx of Object.values(state.peeringConnections)) {
    if (!peeringDue(pcx, now)) continue;
    if (pcx.status === "provisioning" && now >= (pcx.activeAt ?? 0)) {
      setStatus(pcx, "active", "Active", now);
      changed = true;
    } else if (pcx.status === "pending-acceptance" && now >= pcx.expiresAt) {
      setStatus(pcx, "expired", "Expired", pcx.expiresAt);
      changed = true;
    }
    if (pcx.visibleUntil !== undefined && now >= pcx.visibleUntil) {
      delete state.peeringConnections[pcx.id];
      delete state.tags[pcx.id];
      changed = true;
    }
  }
  return changed;
}

export interface PeeringSideOptions {
  allowDnsResolutionFromRemoteVpc?: boolean;
  allowEgressFromLocalClassicLinkToRemoteVpc?: boolean;
  allowEgressFromLocalVpcToRemoteClassicLink?: boolean;
}

/** Whether the connection was ever accepted: AWS shows the accepter's CIDR and both sides' options from then on. */
export function wasAccepted(pcx: PeeringConnection): boolean {
  return pcx.activeAt !== undefined;
}

function applySideOptions(side: PeeringVpcInfo, options: PeeringSideOptions | undefined): void {
  if (!options) return;
  // EC2-Classic is retired: a VPC-only account cannot turn on the ClassicLink options.
  if (options.allowEgressFromLocalClassicLinkToRemoteVpc || options.allowEgressFromLocalVpcToRemoteClassicLink) {
    throw unsupportedOperationInRegion();
  }
  if (options.allowDnsResolutionFromRemoteVpc !== undefined) side.allowDnsResolutionFromRemoteVpc = options.allowDnsResolutionFromRemoteVpc;
}

/** ModifyVpcPeeringConnectionOptions: only an active connection takes options. */
export function modifyPeeringOptions(state: Ec2State, peeringId: string, requester: PeeringSideOptions | undefined, accepter: PeeringSideOptions | undefined): PeeringConnection {
  const pcx = getPeering(state, peeringId);
  if (pcx.status !== "active") {
    throw operationNotPermittedInactivePeering(pcx.id);
  }
  applySideOptions(pcx.requester, requester);
  applySideOptions(pcx.accepter, accepter);
  return pcx;
}
