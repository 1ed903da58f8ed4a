/** Reading the account with the ownership rule applied (the rule itself: ownership.ts). */
import type { LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "./clients";
import { readUntilVisible } from "./just-created";
import { NOT_OWNED, notOwnedMessage, type OwnedIds, ownedIds, type OwnershipRule } from "./ownership";
import { accountIdOf } from "./account-id";
import { readAccountSnapshot } from "./shared-snapshot";

export async function ownershipRuleOf(clients: Pick<AwsClients, "scope" | "owner" | "buckets">): Promise<OwnershipRule> {
  return { scope: clients.scope, userId: clients.owner.userId, buckets: clients.scope === "tagged" ? await clients.buckets.list() : [] };
}

/** Every id (and bucket name) a snapshot lists. */
export function snapshotIds(snapshot: LabSnapshot): Set<string> {
  return new Set(
    [
      ...snapshot.vpcs.map((vpc) => vpc.VpcId),
      ...snapshot.subnets.map((subnet) => subnet.SubnetId),
      ...snapshot.routeTables.map((table) => table.RouteTableId),
      ...snapshot.networkAcls.map((acl) => acl.NetworkAclId),
      ...snapshot.securityGroups.map((group) => group.GroupId),
      ...snapshot.internetGateways.map((gateway) => gateway.InternetGatewayId),
      ...snapshot.instances.map((instance) => instance.InstanceId),
      ...snapshot.addresses.map((address) => address.AllocationId),
      ...snapshot.peeringConnections.map((pcx) => pcx.VpcPeeringConnectionId),
      ...snapshot.vpcEndpoints.map((endpoint) => endpoint.VpcEndpointId),
      ...snapshot.buckets.map((bucket) => bucket.name),
    ].filter((id): id is string => Boolean(id)),
  );
}

/** The whole account as the console shows it, and which of it the console may change. */
export async function readAccountWithOwnership(clients: AwsClients): Promise<{ snapshot: LabSnapshot; owned: OwnedIds }> {
  const accountId = await accountIdOf(clients);
  const snapshot = await readUntilVisible(clients.justCreated, () => readAccountSnapshot(clients, accountId, { identities: true, s3: true }), snapshotIds);
  return { snapshot, owned: ownedIds(snapshot, await ownershipRuleOf(clients)) };
}

export class NotOwnedError extends Error {
  readonly code = NOT_OWNED;
  constructor(readonly ids: string[]) {
    super(notOwnedMessage(ids));
  }
}

/**
 * Refuses (NotOwnedByVpcLab) when an id or bucket the action names exists in the account and was
 * not created by the console. An id the account does not list is left to AWS, which answers its
 * NotFound code; one these clients just created counts as theirs.
 */
export async function requireOwnedOrThrow(clients: AwsClients, ids: string[], buckets: string[] = []): Promise<void> {
  if (clients.scope === "account" || (!ids.length && !buckets.length)) return;
  const { snapshot, owned } = await readAccountWithOwnership(clients);
  const listed = snapshotIds(snapshot);
  const foreign = [...new Set([...ids, ...buckets])].filter((id) => listed.has(id) && owned !== "all" && !owned.has(id) && clients.justCreated.remainingMs(id) === 0);
  if (foreign.length) throw new NotOwnedError(foreign);
}
