/**
 * Which resources the console may change. The rule (written down in docs/ownership.md):
 *
 * - Sandbox mode: the sandbox account is the student's own, made for them alone. Everything in it
 *   is theirs, however it was created (console, do-it-for-me, the AWS CLI on their laptop or on an
 *   instance), so the console lists, checks, changes and tears down all of it.
 * - Real mode: the account is shared with whatever else lives in it. The console changes only
 *   what it created: resources tagged `vpclab:owner` = the user's id, the parts AWS creates with
 *   such a VPC (its main route table, default network ACL and default security group), and the
 *   buckets recorded as created by the console for this user. Everything else is read-only.
 *
 * One code path: the console always tags what it creates and always asks this module; only the
 * scope differs by mode.
 */
import type { Tag } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "@/lib/analysis";
import { OWNED_ID } from "./resource-ids";

export const OWNER_TAG = "vpclab:owner";
export const LAB_TAG = "vpclab:lab";
export const RUN_TAG = "vpclab:run";

/** "account": every resource is the user's (sandbox). "tagged": only what the console created (real AWS). */
export type OwnershipScope = "account" | "tagged";

export function ownershipScope(mode: "sandbox" | "real"): OwnershipScope {
  return mode === "sandbox" ? "account" : "tagged";
}

/** Who the console acts for: the tags it puts on what it creates. */
export interface OwnerTags {
  userId: string;
  labId?: string;
  runId?: string;
}

export function ownershipTags(owner: OwnerTags): Tag[] {
  return [
    { Key: OWNER_TAG, Value: owner.userId },
    ...(owner.labId ? [{ Key: LAB_TAG, Value: owner.labId }] : []),
    ...(owner.runId ? [{ Key: RUN_TAG, Value: owner.runId }] : []),
  ];
}

function tagOf(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

export interface OwnershipRule {
  scope: OwnershipScope;
  userId: string;
  /** Buckets the console created for this user (tagged scope). */
  buckets: readonly string[];
}

/** The ids (bucket names for buckets) the console may change, or "all". */
export type OwnedIds = Set<string> | "all";

type Tagged = { Tags?: Tag[] };

/** The ids of the snapshot's resources the rule lets the console change. */
export function ownedIds(snapshot: LabSnapshot, rule: OwnershipRule): OwnedIds {
  if (rule.scope === "account") return "all";
  const mine = (resource: Tagged) => tagOf(resource.Tags, OWNER_TAG) === rule.userId;
  const ids = new Set<string>();
  const add = <T extends Tagged>(items: T[], id: (item: T) => string | undefined, alsoOwned: (item: T) => boolean = () => false) => {
    for (const item of items) {
      const value = id(item);
      if (value && (mine(item) || alsoOwned(item))) ids.add(value);
    }
  };
  add(snapshot.vpcs, (vpc) => vpc.VpcId);
  // What AWS creates with a VPC belongs to whoever created the VPC.
  const inOwnedVpc = (item: { VpcId?: string }) => Boolean(item.VpcId && ids.has(item.VpcId));
  add(snapshot.subnets, (subnet) => subnet.SubnetId);
  add(snapshot.routeTables, (table) => table.RouteTableId, (table) => inOwnedVpc(table) && Boolean(table.Associations?.some((association) => association.Main)));
  add(snapshot.networkAcls, (acl) => acl.NetworkAclId, (acl) => inOwnedVpc(acl) && Boolean(acl.IsDefault));
  add(snapshot.securityGroups, (group) => group.GroupId, (group) => inOwnedVpc(group) && group.GroupName === "default");
  add(snapshot.internetGateways, (gateway) => gateway.InternetGatewayId);
  add(snapshot.instances, (instance) => instance.InstanceId);
  add(snapshot.addresses, (address) => address.AllocationId);
  add(snapshot.peeringConnections, (pcx) => pcx.VpcPeeringConnectionId);
  add(snapshot.vpcEndpoints, (endpoint) => endpoint.VpcEndpointId);
  const buckets = new Set(rule.buckets);
  for (const bucket of snapshot.buckets) if (buckets.has(bucket.name)) ids.add(bucket.name);
  return ids;
}

export function isOwned(owned: OwnedIds, id: string): boolean {
  return owned === "all" || owned.has(id);
}

/**
 * The snapshot as the lab code sees it: only what the console may change. Prefix lists (AWS's)
 * and IAM identities (read by Lab 2's checks, never changed by the console) stay.
 */
export function ownedView(snapshot: LabSnapshot, owned: OwnedIds): LabSnapshot {
  if (owned === "all") return snapshot;
  const keep = (id: string | undefined) => Boolean(id && owned.has(id));
  return {
    ...snapshot,
    vpcs: snapshot.vpcs.filter((vpc) => keep(vpc.VpcId)),
    subnets: snapshot.subnets.filter((subnet) => keep(subnet.SubnetId)),
    routeTables: snapshot.routeTables.filter((table) => keep(table.RouteTableId)),
    networkAcls: snapshot.networkAcls.filter((acl) => keep(acl.NetworkAclId)),
    securityGroups: snapshot.securityGroups.filter((group) => keep(group.GroupId)),
    internetGateways: snapshot.internetGateways.filter((gateway) => keep(gateway.InternetGatewayId)),
    instances: snapshot.instances.filter((instance) => keep(instance.InstanceId)),
    addresses: snapshot.addresses.filter((address) => keep(address.AllocationId)),
    peeringConnections: snapshot.peeringConnections.filter((pcx) => keep(pcx.VpcPeeringConnectionId)),
    vpcEndpoints: snapshot.vpcEndpoints.filter((endpoint) => keep(endpoint.VpcEndpointId)),
    buckets: snapshot.buckets.filter((bucket) => keep(bucket.name)),
  };
}

/** AWS ids a console action names (vpc-…, subnet-…, i-…): each must be owned before the action runs. */
export function resourceIdsIn(value: unknown): string[] {
  if (typeof value === "string") return OWNED_ID.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(resourceIdsIn);
  if (value && typeof value === "object" && !(value instanceof Blob)) return Object.values(value).flatMap(resourceIdsIn);
  return [];
}

/** The error code an action answers when asked to change what the console did not create. */
export const NOT_OWNED = "NotOwnedByVpcLab";

export function notOwnedMessage(ids: string[]): string {
  const list = ids.join(", ");
  return `${list} ${ids.length === 1 ? "was" : "were"} not created by VPC Lab: in real AWS mode the console only changes resources it created (tagged ${OWNER_TAG}). Change ${ids.length === 1 ? "it" : "them"} in the AWS console or with the AWS CLI.`;
}
