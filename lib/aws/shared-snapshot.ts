/**
 * One read of a sandbox account per state version, shared by every reader.
 *
 * After each change the console reads the account several times over (its live view, the step
 * rail's check, the write-up's picture, a reset's own checks, the Tests tab's tests), each read a
 * dozen Describe and List calls through the SDK. On the sandbox the state versions say when those
 * calls would answer the same (lib/sandbox/live-version.ts), so the first read of a version is kept
 * and the others get a copy of it; a change re-reads only what its service lists, EC2's in process
 * (SandboxExtras.describeEc2). Real AWS has no such version: every read there goes to AWS.
 */
import "server-only";
import type { LabSnapshot } from "@/lib/analysis";
import { IdleCache } from "@/lib/idle-cache";
import { outsideRequest } from "@/lib/outside-request";
import { processSingleton } from "@/lib/process-singleton";
import type { AwsClients } from "./clients";
import { buildLabSnapshot, readBuckets, readEndpoints, readIdentities, readNetwork } from "./read-lab-snapshot";

export interface SnapshotParts {
  /** IAM users and their policies. */
  identities: boolean;
  /** The way to S3: buckets and their policies, VPC endpoints and prefix lists. */
  s3: boolean;
}

/**
 * A snapshot is read in units, each kept by the version of the service whose calls list it and of
 * IAM (whose policies say what the console's own identity may list): a change to a route re-reads
 * EC2 and keeps the account's buckets as read; a Run Command (SSM, the Tests tab's ping) re-reads
 * nothing. The way to S3 is a unit apart, read only for readers that want it.
 */
type UnitName = "network" | "endpoints" | "buckets" | "identities";
const SERVICE_OF: Record<UnitName, string> = { network: "ec2", endpoints: "ec2", buckets: "s3", identities: "iam" };

interface SharedUnit {
  version: string;
  value: Promise<unknown>;
}

interface SharedReads {
  /** By account, region, the key that signs the reads (what a caller may see can differ by identity) and unit. */
  reads: IdleCache<string, SharedUnit>;
  subscribed: boolean;
}

/**
 * A read nobody asked for in this long goes, as the sandbox's states and worlds it was read from do:
 * kept until the account changed, the reads of every account a server ever served stayed in memory.
 */
export const SHARED_READ_IDLE_MS = 60_000;

const shared = processSingleton<SharedReads>("shared-lab-snapshots", () => ({ reads: new IdleCache(SHARED_READ_IDLE_MS), subscribed: false }));

/** Forgets a unit as soon as its service (or IAM) changes in the account, so no read outlives its state in memory. */
function forgetOnChange(clients: AwsClients): void {
  if (shared.subscribed || !clients.sandbox) return;
  shared.subscribed = true;
  clients.sandbox.onChange(({ accountId, service }) => {
    for (const reads of [shared.reads, listings]) {
      for (const key of reads.keys()) {
        if (key.startsWith(`${accountId}/`) && (service === "iam" || key.endsWith(`/${service}`))) reads.delete(key);
      }
    }
  });
}

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

/** The network as LabSnapshot holds it: instances out of their reservations. */
async function networkOf(ec2: AwsClients["ec2"]): Promise<Network> {
  const { reservations, ...rest } = await readNetwork(ec2);
  return { ...rest, instances: reservations.flatMap((reservation) => reservation.Instances ?? []) };
}

type Network = Omit<Awaited<ReturnType<typeof readNetwork>>, "reservations"> & Pick<LabSnapshot, "instances">;
type Endpoints = Awaited<ReturnType<typeof readEndpoints>>;

/**
 * EC2's units, read in process when the sandbox can (`inProcess`: it promised a version for these
 * reads): the same answers without a dozen signed loopback calls per change, which were most of
 * what a console's read after a change cost the server.
 */
function readEc2Unit(clients: AwsClients, accountId: string, unit: "network" | "endpoints", inProcess: boolean): Promise<Network | Endpoints> {
  const described = inProcess ? clients.sandbox?.describeEc2(accountId, clients.region, unit) : null;
  if (described) return described;
  return unit === "endpoints" ? readEndpoints(clients.ec2) : networkOf(clients.ec2);
}

function readUnit(clients: AwsClients, accountId: string, unit: UnitName, inProcess: boolean): Promise<unknown> {
  if (unit === "buckets") return readBuckets(clients.s3, accountId);
  if (unit === "identities") return readIdentities(clients.iam, accountId);
  return readEc2Unit(clients, accountId, unit, inProcess);
}

/** The unit as read at this version (undefined: the sandbox cannot promise one, read it now): the read already made of it, or one made now. */
function sharedUnit(clients: AwsClients, accountId: string, accessKeyId: string, unit: UnitName, version: string | undefined): Promise<unknown> {
  if (version === undefined) return readUnit(clients, accountId, unit, false);
  const key = `${accountId}/${clients.region}/${accessKeyId}/${unit}/${SERVICE_OF[unit]}`;
  const held = shared.reads.get(key);
  if (held?.version === version) return held.value;
  // Kept past the request that reads it first: made outside it, so the entry does not hold the request.
  const entry: SharedUnit = { version, value: outsideRequest(() => readUnit(clients, accountId, unit, true)) };
  shared.reads.set(key, entry);
  entry.value.catch(() => {
    if (shared.reads.get(key) === entry) shared.reads.delete(key);
  });
  return entry.value;
}

/** Each unit's version: its service's and IAM's, asked once per service. */
async function unitVersions(clients: AwsClients, accountId: string, accessKeyId: string, units: UnitName[]): Promise<Map<UnitName, string | undefined>> {
  const services = [...new Set(["iam", ...units.map((unit) => SERVICE_OF[unit])])];
  const versions = new Map(await Promise.all(services.map(async (service) => [service, await clients.sandbox!.liveVersion(accountId, clients.region, accessKeyId, service)] as const)));
  const iam = versions.get("iam");
  return new Map(
    units.map((unit) => {
      const own = versions.get(SERVICE_OF[unit]);
      return [unit, own === undefined || iam === undefined ? undefined : `${own}.${iam}`];
    }),
  );
}

/**
 * The account's resources as the Describe and List calls show them now (`parts` says which
 * beyond the network's). On the sandbox, reads share what the services they list have not changed
 * since: each unit is read once per version of its service.
 */
export async function readAccountSnapshot(clients: AwsClients, accountId: string, parts: SnapshotParts): Promise<LabSnapshot> {
  const sandbox = clients.sandbox;
  if (!sandbox) return readFromAws(clients, accountId, parts);
  forgetOnChange(clients);
  const { accessKeyId } = await clients.ec2.config.credentials();
  const units: UnitName[] = ["network", ...(parts.s3 ? (["endpoints", "buckets"] as const) : []), ...(parts.identities ? (["identities"] as const) : [])];
  const versions = await unitVersions(clients, accountId, accessKeyId, units);
  const read = <T>(unit: UnitName, otherwise: T): Promise<T> | T => (units.includes(unit) ? (sharedUnit(clients, accountId, accessKeyId, unit, versions.get(unit)) as Promise<T>) : otherwise);
  const [network, endpoints, buckets, identities] = await Promise.all([
    sharedUnit(clients, accountId, accessKeyId, "network", versions.get("network")) as Promise<Network>,
    read<Endpoints>("endpoints", { vpcEndpoints: [], prefixLists: [] }),
    read<Awaited<ReturnType<typeof readBuckets>>>("buckets", []),
    read<Awaited<ReturnType<typeof readIdentities>>>("identities", []),
  ]);
  return withParts({ region: clients.region, accountId, ...network, ...endpoints, buckets, identities }, parts);
}

/** Another service's listing shared as the snapshot's units are: `read` says whether its answer may be kept. */
interface SharedListing {
  version: string;
  value: unknown;
}

const listings = processSingleton("shared-listings", () => new IdleCache<string, SharedListing>(SHARED_READ_IDLE_MS));

/**
 * A listing of `service` the console makes on every check of the labs' steps (Run Command's
 * history: two signed calls through the SDK and the server's whole path for each, on every read
 * after a change), answered again from the last read while `service` and IAM are at the same
 * version. `read` returns whether its answer may be kept: one that time alone will change (a
 * command still running, with the demo's delays) is not. Real AWS: always read.
 */
export async function readSharedListing<T>(clients: AwsClients, accountId: string, service: string, name: string, read: () => Promise<{ value: T; keep: boolean }>): Promise<T> {
  const sandbox = clients.sandbox;
  if (!sandbox) return (await read()).value;
  forgetOnChange(clients);
  const { accessKeyId } = await clients.ec2.config.credentials();
  const [own, iam] = await Promise.all([sandbox.liveVersion(accountId, clients.region, accessKeyId, service), sandbox.liveVersion(accountId, clients.region, accessKeyId, "iam")]);
  if (own === undefined || iam === undefined) return (await read()).value;
  const version = `${own}.${iam}`;
  const key = `${accountId}/${clients.region}/${accessKeyId}/${name}/${service}`;
  const held = listings.get(key);
  if (held?.version === version) return held.value as T;
  const { value, keep } = await read();
  if (keep) listings.set(key, { version, value });
  else listings.delete(key);
  return value;
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

/** Drops the reads not asked for in SHARED_READ_IDLE_MS before `now` (as the caches' sweeps do every half of it). */
export function dropIdleSharedReads(now = Date.now()): void {
  shared.reads.dropIdle(now);
  listings.dropIdle(now);
}

/** Forgets every shared read (tests that reset the sandbox between cases). */
export function forgetSharedSnapshots(): void {
  shared.reads.clear();
  listings.clear();
}
