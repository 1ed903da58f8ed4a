/**
 * The only place AWS SDK clients are built. In sandbox mode they point at this server's own
 * `/aws` endpoint and sign with the user's sandbox key; in real mode they use the standard
 * credential chain and region (or a role the user named, assumed with their external id), and
 * the endpoint the SDK resolves itself — AWS's, or `AWS_ENDPOINT_URL` when set (the SDK reads it;
 * the tests point real mode at the sandbox that way). Nothing above this file knows which.
 */
import "server-only";
import http from "node:http";
import https from "node:https";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EC2InstanceConnectClient } from "@aws-sdk/client-ec2-instance-connect";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { selfUrl } from "@/lib/config";
import { IdleCache } from "@/lib/idle-cache";
import { CONSOLE_USER_AGENT } from "./user-agent";
import { ensureSandboxAccount, existingConsoleKeysOf, findAccessKey, NoActiveLabUserKeyError, sandboxRootCredentials } from "@/lib/sandbox/accounts";
import { type AwsMode, awsMode } from "./mode";
import { SANDBOX_EXTRAS, type SandboxExtras } from "./sandbox";
import { installEc2Middleware, installS3Middleware } from "./console-middleware";
import { JustCreated } from "./just-created";
import { bucketRecordsFor, type BucketRecords } from "./owned-buckets";
import { type OwnerTags, type OwnershipScope, ownershipScope } from "./ownership";
import { type AwsCredentialIdentity, type AwsCredentialIdentityProvider, loadRoleSettings, roleCredentials } from "./role";
import { outsideRequest } from "@/lib/outside-request";

export { type AwsMode, awsMode } from "./mode";

export interface AwsClients {
  mode: AwsMode;
  region: string;
  ec2: EC2Client;
  s3: S3Client;
  iam: IAMClient;
  sts: STSClient;
  ssm: SSMClient;
  instanceConnect: EC2InstanceConnectClient;
  /** Who the console acts for: the ownership tags it puts on what it creates. */
  owner: OwnerTags;
  /** What the console may change: the whole (sandbox) account, or what it tagged (real AWS). */
  scope: OwnershipScope;
  /** The ids these clients created in the last few seconds (eventual consistency). */
  justCreated: JustCreated;
  buckets: BucketRecords;
  /** What the sandbox offers beyond AWS's APIs (keys, activity, terminal); null on real AWS. */
  sandbox: SandboxExtras | null;
  /** S3 as the account's root user (sandbox only; null on a real account). */
  accountRootS3: (() => Promise<S3Client>) | null;
}

export const SANDBOX_REGION = "us-east-1";

export function sandboxEndpoint(): string {
  return `${selfUrl()}/aws`;
}

/** The standard chain's region (AWS_REGION, then AWS_DEFAULT_REGION), us-east-1 when neither is set. */
export function realRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
}

/**
 * Attempts per call, throttling (RequestLimitExceeded, SlowDown, Throttling, ThrottlingException)
 * and 5xx included, with the SDK's standard retry strategy (exponential backoff with jitter, a
 * retry quota). Real AWS throttles per account and region, so the console is patient there; the
 * sandbox only fails that way when fault injection is on.
 */
export const MAX_ATTEMPTS: Record<AwsMode, number> = { real: 8, sandbox: 4 };

export interface ClientSettings {
  region: string;
  /** Absent in real mode: the SDK resolves AWS's endpoint, or AWS_ENDPOINT_URL[_<SERVICE>]. */
  endpoint?: string;
  /** Absent in real mode: the standard credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts?: number;
}

/** S3 path-style when the endpoint is not AWS's (the sandbox serves S3 path-style under /aws). */
function usesPathStyle(mode: AwsMode, settings: ClientSettings, env: NodeJS.ProcessEnv): boolean {
  return mode === "sandbox" || Boolean(settings.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

/**
 * The ids the console just created for a user, shared by all of that user's clients (one per lab run):
 * a reset deletes with the new run's clients what Do it for me created with the old run's, and a read
 * through either must not wait for a deleted id to appear (just-created.ts).
 */
const justCreatedByUser = new Map<string, JustCreated>();
const MAX_USERS_REMEMBERED = 2_000;

/** One registry per user and account: the same user on another account (or endpoint) waits for nothing of this one. */
function justCreatedFor(mode: AwsMode, settings: ClientSettings, owner: OwnerTags): JustCreated {
  const keyId = settings.credentials && typeof settings.credentials === "object" ? settings.credentials.accessKeyId : "default-chain";
  const key = [mode, settings.endpoint ?? "", keyId, owner.userId].join("|");
  let known = justCreatedByUser.get(key);
  if (!known) {
    if (justCreatedByUser.size >= MAX_USERS_REMEMBERED) justCreatedByUser.delete(justCreatedByUser.keys().next().value!);
    known = new JustCreated();
    justCreatedByUser.set(key, known);
  }
  return known;
}

/**
 * Every sandbox client calls this server's own /aws, so they share one keep-alive pool of loopback
 * connections. With the SDK's default (a pool per client), each new set of clients opened a
 * connection per parallel call: an instructor's round over 200 students' new clients opened about
 * ten per student, each costing both ends of the loopback CPU in the same process. No socket limit,
 * as with a pool per client: one user's calls never wait for another's. An idle connection is
 * dropped well before the server's keep-alive timeout (server.ts: 65 s), never reused as the
 * server closes it (a "socket hang up").
 */
const IDLE_CONNECTION_MS = 30_000;
const SANDBOX_AGENTS = {
  httpAgent: new http.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  httpsAgent: new https.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
};

/**
 * Builds one set of clients acting for `owner` (tests build real-mode clients against the sandbox with it).
 * Each SDK client is built on first use: a client costs ~25 KB of heap, and most of the console's
 * work for a user needs two or three of the six (the console keeps a set per user and lab run).
 */
export function buildClients(mode: AwsMode, settings: ClientSettings, owner: OwnerTags, buckets: BucketRecords = bucketRecordsFor(owner)): AwsClients {
  const config = {
    ...settings,
    maxAttempts: settings.maxAttempts ?? MAX_ATTEMPTS[mode],
    retryMode: "standard",
    customUserAgent: CONSOLE_USER_AGENT,
    ...(mode === "sandbox" && { requestHandler: new NodeHttpHandler(SANDBOX_AGENTS) }),
  };
  const justCreated = justCreatedFor(mode, settings, owner);
  const context = { owner, justCreated, buckets };
  const ec2 = onFirstUse(() => {
    const client = new EC2Client(config);
    installEc2Middleware(client, context);
    return client;
  });
  const s3 = onFirstUse(() => {
    const client = new S3Client({ ...config, forcePathStyle: usesPathStyle(mode, settings, process.env) });
    installS3Middleware(client, context);
    return client;
  });
  const iam = onFirstUse(() => new IAMClient(config));
  const sts = onFirstUse(() => new STSClient(config));
  const ssm = onFirstUse(() => new SSMClient(config));
  const instanceConnect = onFirstUse(() => new EC2InstanceConnectClient(config));
  return {
    mode,
    region: settings.region,
    get ec2() {
      return ec2();
    },
    get s3() {
      return s3();
    },
    get iam() {
      return iam();
    },
    get sts() {
      return sts();
    },
    get ssm() {
      return ssm();
    },
    get instanceConnect() {
      return instanceConnect();
    },
    owner,
    scope: ownershipScope(mode),
    justCreated,
    buckets,
    sandbox: mode === "sandbox" ? SANDBOX_EXTRAS : null,
    accountRootS3: mode === "sandbox" ? sandboxRootS3(settings) : null,
  };
}

/** Built outside the request that first uses it (lib/outside-request.ts): a kept client's promises (its HTTP handler's settings) then hold no request. */
function onFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= outsideRequest(build));
}

/**
 * An S3 client signed as the sandbox account's root user, for the one thing AWS keeps for root: deleting a
 * bucket policy that denies everyone else. On a real account the console holds no root credentials (AWS
 * advises against root access keys), so real-mode clients have none and the student signs in as root.
 */
function sandboxRootS3(settings: ClientSettings): () => Promise<S3Client> {
  let client: Promise<S3Client> | undefined;
  const accountOfKey = async () => {
    const credentials = typeof settings.credentials === "function" ? await settings.credentials() : settings.credentials;
    const key = credentials && (await findAccessKey(credentials.accessKeyId));
    if (!key) throw new Error("the sandbox clients' access key is not an active sandbox key");
    return key.accountId;
  };
  return () =>
    (client ??= outsideRequest(() =>
      accountOfKey()
        .then(sandboxRootCredentials)
        .then(({ accessKeyId, secretAccessKey }) => new S3Client({ region: settings.region, endpoint: settings.endpoint, credentials: { accessKeyId, secretAccessKey }, forcePathStyle: true, maxAttempts: MAX_ATTEMPTS.sandbox, customUserAgent: CONSOLE_USER_AGENT })),
    ));
}

/**
 * Clients are kept per user, role and lab run (their ownership tags differ) while they are in use.
 * A set holds up to six clients of ~25 KB of heap each, so a class's sets are not kept after the class
 * (a server that had served 200 students held 200 sets); building a set again costs about a millisecond.
 */
export const CLIENTS_IDLE_MS = 60_000;
const cachedClients = new IdleCache<string, AwsClients>(CLIENTS_IDLE_MS, 500);

function remember(key: string, clients: AwsClients): AwsClients {
  return cachedClients.set(key, clients);
}

async function realClientsFor(owner: OwnerTags): Promise<AwsClients> {
  const region = realRegion();
  const role = await loadRoleSettings(owner.userId);
  const key = ["real", owner.userId, owner.labId, owner.runId, role.roleArn, role.externalId].join("|");
  const known = cachedClients.get(key);
  if (known) return known;
  const credentials = role.roleArn ? roleCredentials(owner.userId, { roleArn: role.roleArn, externalId: role.externalId }, region, MAX_ATTEMPTS.real) : undefined;
  return remember(key, buildClients("real", { region, credentials }, owner));
}

function sandboxClientsFor(owner: OwnerTags, { accessKeyId, secretAccessKey }: { accessKeyId: string; secretAccessKey: string }): AwsClients {
  const key = ["sandbox", accessKeyId, owner.labId, owner.runId].join("|");
  return (
    cachedClients.get(key) ??
    remember(key, buildClients("sandbox", { region: SANDBOX_REGION, endpoint: sandboxEndpoint(), credentials: { accessKeyId, secretAccessKey } }, owner))
  );
}

/** The clients the console uses on behalf of this user, tagging what they create with the lab run. */
export async function clientsForUser(userId: string, run: { labId?: string; runId?: string } = {}): Promise<AwsClients> {
  const owner: OwnerTags = { userId, labId: run.labId, runId: run.runId };
  if (awsMode() === "real") return realClientsFor(owner);
  return sandboxClientsFor(owner, await ensureSandboxAccount(userId));
}

/**
 * clientsForUser for many users at once (an instructor's round over a class), with one database
 * read on the sandbox. A user missing from the map (no sandbox account or console key yet, or
 * any user on real AWS, whose role settings are per user) gets hers from clientsForUser.
 */
export async function existingClientsForUsers(userIds: string[], run: { labId?: string } = {}): Promise<Map<string, AwsClients>> {
  const clients = new Map<string, AwsClients>();
  if (awsMode() === "real") return clients;
  for (const [userId, credentials] of await existingConsoleKeysOf(userIds)) clients.set(userId, sandboxClientsFor({ userId, labId: run.labId }, credentials));
  return clients;
}

/**
 * The clients that manage lab-user's access keys: the console's own, or, when both of lab-user's keys
 * are inactive (the console has none to sign with, and IAM allows no third), the account's root user,
 * whom IAM lets manage every user's keys, so the student can activate or delete one.
 */
export async function clientsForKeyManagement(userId: string): Promise<AwsClients> {
  try {
    return await clientsForUser(userId);
  } catch (error) {
    if (!(error instanceof NoActiveLabUserKeyError)) throw error;
    const { accessKeyId, secretAccessKey } = await sandboxRootCredentials(error.accountId);
    return buildClients("sandbox", { region: SANDBOX_REGION, endpoint: sandboxEndpoint(), credentials: { accessKeyId, secretAccessKey } }, { userId });
  }
}
