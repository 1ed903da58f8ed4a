/**
 * The account as the simulated hosts see it (their `World`): a LabSnapshot in the AWS SDK's
 * shapes, built in-process from the sandbox state, plus the HostServices the hosts run with.
 *
 * The EC2 part is read the way a client would read it, without a socket: the sandbox's own
 * Describe* operations run on one consistent copy of the state and are serialized to XML by the
 * core, and @aws-sdk/client-ec2 clients whose request handler hands back that XML deserialize it.
 * So the shapes are exactly what DescribeVpcs & co return, and nothing is translated by hand.
 *
 * Worlds are cached per account and region. The cache key is the EC2 state's live version (the
 * state store bumps it on every change, time-based transitions included, which every read
 * applies first: a host never sees "pending" once DescribeInstances says "running"), a generation number bumped by every IAM
 * change, and the buckets' JSON (S3 keeps its own tables, which no state version covers, so its
 * one query runs on every read). A host re-reading the world per command or per ping packet thus
 * costs one read-only pass through the account's queue and one bucket query when nothing changed.
 */
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import crypto from "node:crypto";
import type { IdentitySnapshot, LabSnapshot } from "@/lib/analysis";
import { processSingleton } from "@/lib/process-singleton";
import { recordActivity } from "./core/activity";
import { serializeQueryResponse } from "./core/query-protocol";
import { sandboxDelays } from "./core/settings";
import { onSandboxChange, runOnState, stateVersion } from "./core/state-store";
import type { QueryParams, QueryService, RequestContext } from "./core/types";
import type { Ec2State } from "./ec2/model/types";
import { ec2Service } from "./ec2/service";
import type { HostFiles, HostServices, InstanceApiCall, World } from "./hosts";
import { worldOf } from "./hosts";
import { identitiesForWorld, resolveAccessKeyOwner } from "./iam/identities";
import { instanceRoleCredentials } from "./instance-role-credentials";
import { sandboxS3DataPlane } from "./s3/data-plane";
import { bucketsForWorld } from "./s3/buckets-with-policies";
import { outsideRequest } from "@/lib/outside-request";

/** The Describe calls a snapshot is made of, each with the SDK command that reads its answer. */
const WORLD_READS = {
  DescribeVpcs: () => new DescribeVpcsCommand({}),
  DescribeSubnets: () => new DescribeSubnetsCommand({}),
  DescribeRouteTables: () => new DescribeRouteTablesCommand({}),
  DescribeInternetGateways: () => new DescribeInternetGatewaysCommand({}),
  DescribeVpcPeeringConnections: () => new DescribeVpcPeeringConnectionsCommand({}),
  DescribeSecurityGroups: () => new DescribeSecurityGroupsCommand({}),
  DescribeNetworkAcls: () => new DescribeNetworkAclsCommand({}),
  DescribeInstances: () => new DescribeInstancesCommand({}),
  DescribeAddresses: () => new DescribeAddressesCommand({}),
  DescribeVpcEndpoints: () => new DescribeVpcEndpointsCommand({}),
  DescribePrefixLists: () => new DescribePrefixListsCommand({}),
} as const;

type WorldRead = keyof typeof WORLD_READS;

/** EC2's operations, with the endpoint family whether or not service.ts lists it yet. */
const EC2_OPERATIONS = ec2Service.operations;

function readContext(accountId: string, region: string): RequestContext {
  return {
    accountId,
    region,
    requestId: "world",
    now: Date.now(),
    caller: { arn: `arn:aws:iam::${accountId}:root`, accountId, userName: null, accessKeyId: "" },
    delays: sandboxDelays(),
  };
}

/** Reads EC2 state as a Describe call would: read-only, time-based transitions applied first. */
export function readEc2State<R>(accountId: string, region: string, read: (state: Ec2State) => R): Promise<R> {
  const ctx = readContext(accountId, region);
  return runOnState<Ec2State, R>(
    {
      accountId,
      service: ec2Service.name,
      region,
      action: "DescribeWorld",
      mutates: false,
      initialState: () => ec2Service.initialState(ctx),
      advance: (state) => ec2Service.advance!(state, ctx.now, ctx.delays),
      transitionsDue: (state) => ec2Service.transitionsDue!(state, ctx.now),
    },
    read,
  );
}

/** Every world read's XML answer, made from one state inside the account's queue. */
function renderWorldReads(state: Ec2State, ctx: RequestContext): Map<WorldRead, string> {
  const answers = new Map<WorldRead, string>();
  const service = ec2Service as QueryService<unknown>;
  for (const action of Object.keys(WORLD_READS) as WorldRead[]) {
    const body = EC2_OPERATIONS[action].run({} as QueryParams, ctx, state);
    answers.set(action, serializeQueryResponse(service, action, body, ctx.requestId));
  }
  return answers;
}

function actionOf(body: unknown): WorldRead {
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(String(body ?? ""))?.[1];
  if (!action || !(action in WORLD_READS)) throw new Error(`world reader: unexpected request ${String(body)}`);
  return action as WorldRead;
}

/** An EC2 client that never leaves the process: each request is answered from `answers`. */
function inProcessClient(region: string, answers: Map<WorldRead, string>): EC2Client {
  return new EC2Client({
    region,
    credentials: { accessKeyId: "in-process", secretAccessKey: "in-process" },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body?: unknown }) => ({
        response: { statusCode: 200, headers: { "content-type": "text/xml;charset=UTF-8" }, body: Buffer.from(answers.get(actionOf(request.body)) ?? "") },
      }),
    } as never,
  });
}

/** What EC2's eleven Describe calls of a snapshot answer: the network and the way to S3. */
export type Ec2Part = Omit<LabSnapshot, "region" | "accountId" | "buckets" | "identities">;

async function deserializeWorld(region: string, answers: Map<WorldRead, string>): Promise<Ec2Part> {
  const client = inProcessClient(region, answers);
  const [vpcs, subnets, routeTables, gateways, peerings, groups, acls, instances, addresses, endpoints, prefixLists] = await Promise.all([
    client.send(WORLD_READS.DescribeVpcs()),
    client.send(WORLD_READS.DescribeSubnets()),
    client.send(WORLD_READS.DescribeRouteTables()),
    client.send(WORLD_READS.DescribeInternetGateways()),
    client.send(WORLD_READS.DescribeVpcPeeringConnections()),
    client.send(WORLD_READS.DescribeSecurityGroups()),
    client.send(WORLD_READS.DescribeNetworkAcls()),
    client.send(WORLD_READS.DescribeInstances()),
    client.send(WORLD_READS.DescribeAddresses()),
    client.send(WORLD_READS.DescribeVpcEndpoints()),
    client.send(WORLD_READS.DescribePrefixLists()),
  ]);
  return {
    vpcs: vpcs.Vpcs ?? [],
    subnets: subnets.Subnets ?? [],
    routeTables: routeTables.RouteTables ?? [],
    internetGateways: gateways.InternetGateways ?? [],
    peeringConnections: peerings.VpcPeeringConnections ?? [],
    securityGroups: groups.SecurityGroups ?? [],
    networkAcls: acls.NetworkAcls ?? [],
    instances: (instances.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
    addresses: addresses.Addresses ?? [],
    vpcEndpoints: endpoints.VpcEndpoints ?? [],
    prefixLists: prefixLists.PrefixLists ?? [],
  };
}

// ---------------------------------------------------------------- cache

interface Ec2Entry {
  /** The EC2 state's live version the part was built from. */
  version: number;
  part: Promise<Ec2Part>;
}

interface IdentityEntry {
  generation: number;
  identities: Promise<IdentitySnapshot[]>;
}

interface WorldEntry {
  ec2: Ec2Entry;
  identities: IdentityEntry;
  /** The buckets as JSON: S3 keeps its own tables, so they are read on every call and compared. */
  bucketsJson: string;
  world: World;
}

interface WorldCache {
  ec2: Map<string, Ec2Entry>;
  identities: Map<string, IdentityEntry>;
  worlds: Map<string, WorldEntry>;
  /** Bumped per account by every IAM change. */
  generations: Map<string, number>;
  /** When each account's world was last asked for (ms), per "<account>/<region>". */
  lastUsed: Map<string, number>;
  subscribed: boolean;
}

/**
 * A world not asked for in this long is dropped with the parts it was made of, and made again when
 * next needed (one Lab 1 account's costs ~100 KB as JSON, more in memory). A class's students use
 * theirs in bursts (a ping test, a terminal); kept for every account of a class they were the
 * largest part of the server's memory per account.
 */
export const WORLD_IDLE_MS = 60_000;

const cache = processSingleton<WorldCache>("world-cache", () => ({ ec2: new Map(), identities: new Map(), worlds: new Map(), generations: new Map(), lastUsed: new Map(), subscribed: false }));

function subscribeOnce(): void {
  if (cache.subscribed) return;
  cache.subscribed = true;
  setInterval(() => dropIdleWorlds(Date.now()), WORLD_IDLE_MS / 2).unref();
  onSandboxChange((change) => {
    if (change.service === "iam") cache.generations.set(change.accountId, (cache.generations.get(change.accountId) ?? 0) + 1);
  });
}

/** Forgets a cached promise that failed, so the next read tries again. */
function forgetOnFailure<K, V extends object>(map: Map<K, V>, key: K, entry: V, promise: Promise<unknown>): void {
  promise.catch(() => map.get(key) === entry && map.delete(key));
}

/** Cached parts are made outside the request that asks first (lib/outside-request.ts): an entry holds no request. */
function ec2Part(accountId: string, region: string): Promise<Ec2Entry> {
  const key = `${accountId}/${region}`;
  return outsideRequest(() => readEc2State(accountId, region, (state) => {
    // Read inside the queue, after the read applied the time-based transitions.
    const version = stateVersion(accountId, ec2Service.name);
    const cached = cache.ec2.get(key);
    if (cached && cached.version === version) return cached;
    // Rendered inside the account's queue, so all eleven answers describe one state.
    const answers = renderWorldReads(state, readContext(accountId, region));
    const entry: Ec2Entry = { version, part: deserializeWorld(region, answers) };
    forgetOnFailure(cache.ec2, key, entry, entry.part);
    cache.ec2.set(key, entry);
    return entry;
  }));
}

function identityPart(accountId: string): IdentityEntry {
  const generation = cache.generations.get(accountId) ?? 0;
  const cached = cache.identities.get(accountId);
  if (cached && cached.generation === generation) return cached;
  const entry: IdentityEntry = { generation, identities: outsideRequest(() => identitiesForWorld(accountId)) };
  forgetOnFailure(cache.identities, accountId, entry, entry.identities);
  cache.identities.set(accountId, entry);
  return entry;
}

/**
 * What EC2's Describe calls of a snapshot answer now, read in process: the parts the hosts' worlds
 * are made of, kept by the EC2 state's version, so the console's reads and the hosts' share one
 * rendering of each state (lib/aws/shared-snapshot.ts).
 */
export async function describeEc2Now(accountId: string, region: string): Promise<Ec2Part> {
  subscribeOnce();
  cache.lastUsed.set(`${accountId}/${region}`, Date.now());
  return (await ec2Part(accountId, region)).part;
}

/**
 * The account's world in a region, as of now. Cheap when nothing changed: the same World object
 * (and its index) is returned until EC2, S3 or IAM state changes.
 */
export async function accountWorld(accountId: string, region: string): Promise<World> {
  subscribeOnce();
  const key = `${accountId}/${region}`;
  cache.lastUsed.set(key, Date.now());
  const identities = identityPart(accountId);
  const [ec2, buckets] = await Promise.all([ec2Part(accountId, region), bucketsForWorld(accountId)]);
  const bucketsJson = JSON.stringify(buckets);
  const cached = cache.worlds.get(key);
  if (cached && cached.ec2 === ec2 && cached.identities === identities && cached.bucketsJson === bucketsJson) return cached.world;
  const [part, identityList] = await Promise.all([ec2.part, identities.identities]);
  const world = worldOf({ region, accountId, ...part, buckets, identities: identityList });
  cache.worlds.set(key, { ec2, identities, bucketsJson, world });
  return world;
}

/** Drops the worlds (and their parts) last asked for more than WORLD_IDLE_MS before `now`. */
export function dropIdleWorlds(now: number): void {
  const kept = new Set<string>();
  for (const [key, used] of cache.lastUsed) {
    const accountId = key.slice(0, key.indexOf("/"));
    if (now - used <= WORLD_IDLE_MS) {
      kept.add(accountId);
      continue;
    }
    cache.lastUsed.delete(key);
    cache.worlds.delete(key);
    cache.ec2.delete(key);
  }
  for (const accountId of cache.identities.keys()) if (!kept.has(accountId)) cache.identities.delete(accountId);
}

/** Forgets every cached world (tests, after the database was swapped). */
export function forgetCachedWorlds(): void {
  cache.ec2.clear();
  cache.identities.clear();
  cache.worlds.clear();
  cache.lastUsed.clear();
}

// ---------------------------------------------------------------- host services

/** The instances' own files (~/.aws/config…), one state document per account and region. */
export interface HostFilesState {
  files: Record<string, HostFiles>;
}

export const HOST_FILES_SERVICE = "ec2-hosts";

function hostFilesAccess(accountId: string, region: string, mutates: boolean, action: string) {
  return { accountId, service: HOST_FILES_SERVICE, region, action, mutates, initialState: (): HostFilesState => ({ files: {} }), initialStateIsFixed: true };
}

export function loadHostFiles(accountId: string, region: string, instanceId: string): Promise<HostFiles> {
  return runOnState(hostFilesAccess(accountId, region, false, "LoadHostFiles"), (state: HostFilesState) => ({ ...(state.files[instanceId] ?? {}) }));
}

export function saveHostFiles(accountId: string, region: string, instanceId: string, files: HostFiles): Promise<void> {
  return runOnState(hostFilesAccess(accountId, region, true, "SaveHostFiles"), (state: HostFilesState) => {
    state.files[instanceId] = { ...files };
  });
}

/** Drops the files of instances that no longer exist (a terminated instance's disk is gone); writes only when there were some. */
export async function pruneHostFiles(accountId: string, region: string, liveInstanceIds: ReadonlySet<string>): Promise<void> {
  const stale = await runOnState(hostFilesAccess(accountId, region, false, "LoadHostFiles"), (state: HostFilesState) =>
    Object.keys(state.files).filter((id) => !liveInstanceIds.has(id)),
  );
  if (stale.length === 0) return;
  await runOnState(hostFilesAccess(accountId, region, true, "PruneHostFiles"), (state: HostFilesState) => {
    for (const id of stale) if (!liveInstanceIds.has(id)) delete state.files[id];
  });
}

/** The user agent of an instance's CLI calls in the activity log: the CLI, and the instance it ran on. */
export function instanceUserAgent(instanceId: string): string {
  return `aws-cli/2 (instance ${instanceId})`;
}

/** An instance's CLI call, in the caller's account's activity (the hosts decide S3 and STS answers without an HTTP request). */
function recordInstanceApiCall(call: InstanceApiCall): void {
  recordActivity({
    at: new Date(),
    accountId: call.caller.accountId,
    requestId: crypto.randomUUID(),
    caller: call.caller.arn,
    accessKeyId: call.accessKeyId,
    service: call.service,
    action: call.action,
    summary: call.summary,
    httpStatus: call.httpStatus,
    errorCode: call.errorCode,
    sourceIp: null,
    userAgent: instanceUserAgent(call.instanceId),
  });
}

/** What the sandbox's simulated hosts of an account run with: real time, IAM's keys and instance roles, S3's data, files kept in the database. */
export function sandboxHostServices(accountId: string, region: string): HostServices {
  return {
    now: Date.now,
    resolveAccessKey: resolveAccessKeyOwner,
    instanceRoleCredentials: (instanceId) => instanceRoleCredentials(accountId, region, instanceId, Date.now()),
    s3: sandboxS3DataPlane,
    recordApiCall: recordInstanceApiCall,
    loadHostFiles: (instanceId) => loadHostFiles(accountId, region, instanceId),
    saveHostFiles: (instanceId, files) => saveHostFiles(accountId, region, instanceId, files),
  };
}
