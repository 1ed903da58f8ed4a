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
  /** Buckets and their policies. */
  buckets: boolean;
}

interface SharedRead {
  version: number;
  snapshot: Promise<LabSnapshot>;
}

interface SharedReads {
  /** By account, region and the key that signs the reads (what a caller may see can differ by identity). */
  reads: Map<string, SharedRead>;
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

function withParts(snapshot: LabSnapshot, parts: SnapshotParts): LabSnapshot {
  // A copy per reader: readers fill in what they learn another way (locked bucket policies).
  const copy = structuredClone(snapshot);
  return { ...copy, identities: parts.identities ? copy.identities : [], buckets: parts.buckets ? copy.buckets : [] };
}

function readFromAws(clients: AwsClients, accountId: string, parts: SnapshotParts): Promise<LabSnapshot> {
  return buildLabSnapshot(
    { ec2: clients.ec2, s3: parts.buckets ? clients.s3 : undefined, iam: parts.identities ? clients.iam : undefined, region: clients.region },
    { accountId, region: clients.region },
  );
}

async function readerKey(clients: AwsClients, accountId: string): Promise<string> {
  const { accessKeyId } = await clients.ec2.config.credentials();
  return `${accountId}/${clients.region}/${accessKeyId}`;
}

/**
 * The account's resources as the Describe and List calls show them now (`parts` says which
 * beyond EC2's). On the sandbox, reads of an unchanged state share one set of calls.
 */
export async function readAccountSnapshot(clients: AwsClients, accountId: string, parts: SnapshotParts): Promise<LabSnapshot> {
  const sandbox = clients.sandbox;
  if (!sandbox) return readFromAws(clients, accountId, parts);
  forgetOnChange(clients);
  const version = await sandbox.liveVersion(accountId, clients.region);
  if (version === undefined) return readFromAws(clients, accountId, parts);
  const key = await readerKey(clients, accountId);
  let read = shared.reads.get(key);
  if (read?.version !== version) {
    read = { version, snapshot: readFromAws(clients, accountId, { identities: true, buckets: true }) };
    shared.reads.set(key, read);
    const entry = read;
    entry.snapshot.catch(() => shared.reads.get(key) === entry && shared.reads.delete(key));
  }
  return withParts(await read.snapshot, parts);
}

/** Forgets every shared read (tests that reset the sandbox between cases). */
export function forgetSharedSnapshots(): void {
  shared.reads.clear();
}
