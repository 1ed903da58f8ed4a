/**
 * One read of a sandbox account per state version, shared by every reader.
 *
 * After each change the console reads the account several times over (its live view, the step
 * rail's check, the write-up's picture, a reset's own checks), each read a dozen Describe and List
 * calls through the SDK. On the sandbox the state version says when those calls would answer the
 * same (lib/sandbox/live-version.ts), so the first read of a version is kept and the others get a
 * copy of it. Real AWS has no such version: every read there goes to AWS.
 */
import "server-only";
import type { LabSnapshot } from "@/lib/analysis";
import { processSingleton } from "@/lib/process-singleton";
import type { AwsClients } from "./clients";
import { buildLabSnapshot } from "./read-lab-snapshot";

export interface SnapshotParts {
  /** IAM users and their policies. */
  identities: boolean;
  /** The way to S3: buckets and their policies, VPC endpoints and prefix lists. */
  s3: boolean;
}

interface SharedRead {
  version: number;
  parts: SnapshotParts;
  snapshot: Promise<LabSnapshot>;
}

interface SharedReads {
  /** By account, region and the key that signs the reads (what a caller may see can differ by identity). */
  reads: Map<string, SharedRead[]>;
  subscribed: boolean;
}

const shared = processSingleton<SharedReads>("shared-lab-snapshots", () => ({ reads: new Map(), subscribed: false }));

/** Forgets an account's reads as soon as it changes, so no snapshot outlives its state in memory. */
function forgetOnChange(clients: AwsClients): void {
  if (shared.subscribed || !clients.sandbox) return;
  shared.subscribed = true;
  clients.sandbox.onChange(({ accountId }) => {
    for (const key of shared.reads.keys()) if (key.startsWith(`${accountId}/`)) shared.reads.delete(key);
  });
}

const covers = (held: SnapshotParts, wanted: SnapshotParts) => (held.identities || !wanted.identities) && (held.s3 || !wanted.s3);

function withParts(snapshot: LabSnapshot, parts: SnapshotParts): LabSnapshot {
  // A copy per reader: readers fill in what they learn another way (locked bucket policies).
  const copy = structuredClone(snapshot);
  if (!parts.identities) copy.identities = [];
  if (!parts.s3) Object.assign(copy, { buckets: [], vpcEndpoints: [], prefixLists: [] });
  return copy;
}

function readFromAws(clients: AwsClients, accountId: string, parts: SnapshotParts): Promise<LabSnapshot> {
  return buildLabSnapshot(
    { ec2: clients.ec2, s3: parts.s3 ? clients.s3 : undefined, iam: parts.identities ? clients.iam : undefined, region: clients.region },
    { accountId, region: clients.region, endpoints: parts.s3 },
  );
}


/** A read of this version that holds at least `parts`, made now if none is. */
function sharedRead(key: string, version: number, parts: SnapshotParts, read: () => Promise<LabSnapshot>): SharedRead {
  const current = (shared.reads.get(key) ?? []).filter((entry) => entry.version === version);
  const held = current.find((entry) => covers(entry.parts, parts));
  if (held) return held;
  const entry: SharedRead = { version, parts, snapshot: read() };
  shared.reads.set(key, [...current, entry]);
  entry.snapshot.catch(() => shared.reads.set(key, (shared.reads.get(key) ?? []).filter((other) => other !== entry)));
  return entry;
}

/**
 * The account's resources as the Describe and List calls show them now (`parts` says which
 * beyond the network's). On the sandbox, reads of an unchanged state share one set of calls: a
 * read that holds more serves one that wants less.
 */
export async function readAccountSnapshot(clients: AwsClients, accountId: string, parts: SnapshotParts): Promise<LabSnapshot> {
  const sandbox = clients.sandbox;
  if (!sandbox) return readFromAws(clients, accountId, parts);
  forgetOnChange(clients);
  const { accessKeyId } = await clients.ec2.config.credentials();
  const version = await sandbox.liveVersion(accountId, clients.region, accessKeyId);
  if (version === undefined) return readFromAws(clients, accountId, parts);
  const key = `${accountId}/${clients.region}/${accessKeyId}`;
  const entry = sharedRead(key, version, parts, () => readFromAws(clients, accountId, parts));
  return withParts(await entry.snapshot, parts);
}

/**
 * The account's version as a read signed with these clients' key would see it now (sandbox only):
 * equal versions, equal answers. Undefined on real AWS and whenever the sandbox cannot promise it.
 */
export async function accountReadVersion(clients: AwsClients, accountId: string): Promise<number | undefined> {
  if (!clients.sandbox) return undefined;
  const { accessKeyId } = await clients.ec2.config.credentials();
  return clients.sandbox.liveVersion(accountId, clients.region, accessKeyId);
}

/** Forgets every shared read (tests that reset the sandbox between cases). */
export function forgetSharedSnapshots(): void {
  shared.reads.clear();
}
