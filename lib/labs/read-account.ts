/** Reading the student's account as the labs see it: its id and its snapshot. */
import type { LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import { readUntilVisible } from "@/lib/aws/just-created";
import { ownershipRuleOf, snapshotIds } from "@/lib/aws/owned-account";
import { ownedIds, ownedView } from "@/lib/aws/ownership";
import { accountIdOf } from "@/lib/aws/account-id";
import { readAccountSnapshot } from "@/lib/aws/shared-snapshot";

/**
 * The account as the Describe and List calls show it, as far as the console may change it (see
 * lib/aws/ownership.ts): the whole sandbox account, or what the console created on real AWS.
 * Waits (a few seconds at most) for what these clients just created to be listed. IAM
 * identities only when a lab needs them; S3 (its buckets, and the VPC endpoints and prefix lists
 * that lead to it) unless the reader judges traffic inside the network alone.
 */
export async function readSnapshot(clients: AwsClients, withIdentities = false, { s3 = true }: { s3?: boolean } = {}): Promise<LabSnapshot> {
  const accountId = await accountIdOf(clients);
  const read = () => readAccountSnapshot(clients, accountId, { identities: withIdentities, s3 });
  const snapshot = await readUntilVisible(clients.justCreated, read, snapshotIds);
  return ownedView(snapshot, ownedIds(snapshot, await ownershipRuleOf(clients)));
}
