/**
 * The sandbox fuzzer (`npm run fuzz`, and a short form in `npm test`): the full sandbox (every
 * service of the app's registry) on a loopback port of this process, two tenants sending a seeded
 * stream of valid, mutated, wrongly signed and unsigned requests at a bounded concurrency, and a
 * bystander account no request is ever signed for. Afterwards it checks: no 5xx, no request without
 * an answer, every error AWS-shaped for its protocol, Object.prototype (and the other built-in
 * prototypes) untouched, every account's stored state passing its invariants, the bystander's stored
 * data byte-identical, and every authenticated call of the tenants in their activity logs.
 */
import http from "node:http";
import { queryRows } from "@/lib/db/client";
import { flushActivity } from "@/lib/sandbox/core/activity";
import { startSandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import type { CallContext, IdPools, ServiceName } from "./calls";
import { errorShapeProblem } from "./error-shape";
import { checkInvariants, type InvariantFailure } from "./invariants";
import { prototypeChanges, restorePrototypes, takePrototypeSnapshot } from "./prototypes";
import { Random } from "./random";
import { drawRequest, type FuzzRequest, SERVICES, type Tenant } from "./requests";
import { seedAccount } from "./seed";
import { accountSnapshot, firstDifference } from "./account-dump";
import { type Outcome, type RawResponse, sendRaw } from "./wire";

export const DEFAULT_SEED = 13;

export interface FuzzOptions {
  requests: number;
  seed?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** A request without an answer after this long is a hang. */
  timeoutMs?: number;
  /** Stop sending after this many seconds (the run then fails as too slow); no limit by default. */
  deadlineSeconds?: number;
  /** Called now and then with the number of requests answered. */
  progress?: (done: number, total: number) => void;
}

/** A failed check's example: what was sent and what came back. */
export interface Finding {
  label: string;
  detail: string;
}

/** A kind of failure: how many, and the first few examples. */
export interface FindingList {
  count: number;
  examples: Finding[];
}

export interface FuzzReport {
  seed: number;
  /** Requests asked for; `sent` is fewer when the deadline cut the run short. */
  requests: number;
  sent: number;
  seconds: number;
  requestsPerSecond: number;
  byService: Record<ServiceName, number>;
  byStatus: Record<string, number>;
  serverErrors: FindingList;
  hangs: FindingList;
  /** Connections closed without an answer to a small request (a big body may be refused by closing). */
  dropped: FindingList;
  nonAwsErrors: FindingList;
  /** S3's 501 NotImplemented, in S3's envelope, for a feature the sandbox does not have (an answer AWS gives too, not a failure). */
  notImplemented: FindingList;
  /** AWS's own "slow down" answers (EC2's RequestLimitExceeded, S3's SlowDown: 503 in their envelopes): a rate limit, not a failure. */
  throttled: number;
  /** The slowest answers (label, milliseconds), slowest first. */
  slowest: { label: string; ms: number; status: string }[];
  prototypeChanges: string[];
  invariantFailures: InvariantFailure[];
  bystanderChanges: string[];
  /** Authenticated calls of the tenants missing from their activity logs. */
  activityLost: number;
  /** What the sandbox logged with console.error during the run (first lines), and how often. */
  serverLog: ServerLog;
  failed: boolean;
}

const MAX_EXAMPLES = 12;
/** Small requests: a connection closed without an answer to one of these is a failure. */
const SMALL_BODY = 64 * 1024;

function findingList(): FindingList {
  return { count: 0, examples: [] };
}

function note(list: FindingList, label: string, detail: string): void {
  list.count += 1;
  if (list.examples.length < MAX_EXAMPLES) list.examples.push({ label, detail: detail.slice(0, 400) });
}

interface FuzzTenant extends Tenant {
  pools: IdPools;
  /** The request ids of calls that authenticated as this tenant (each must be in its activity log). */
  authenticated: string[];
}

export interface ServerLog {
  count: number;
  first: string[];
  /** The sandbox names the request a failure belongs to ("… failed (request <id>)"): its line, by request id. */
  byRequestId: Map<string, string>;
}

const LOGGED_REQUEST_ID = /request ([0-9a-f-]{36})/;

function logLine(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message} ${arg.stack?.split("\n")[1]?.trim() ?? ""}` : String(arg))).join(" ").slice(0, 400);
}

/** console.error while the run lasts: counted and kept (the first lines, and lines naming a request), not printed. */
function captureServerLog(): { log: ServerLog; release: () => void } {
  const log: ServerLog = { count: 0, first: [], byRequestId: new Map() };
  const original = console.error;
  console.error = (...args: unknown[]) => {
    log.count += 1;
    const line = logLine(args);
    if (log.first.length < 8) log.first.push(line);
    const requestId = LOGGED_REQUEST_ID.exec(line)?.[1];
    if (requestId && log.byRequestId.size < 1000) log.byRequestId.set(requestId, line);
  };
  return { log, release: () => (console.error = original) };
}

/** A 5xx AWS answers by design, in the request's own envelope, with exactly this code. */
function isAwsAnswer(response: RawResponse, request: FuzzRequest, status: number, codes: string[]): boolean {
  if (response.status !== status) return false;
  if (errorShapeProblem({ ...response, status: 400 }, request.families, request.request.method) !== undefined) return false;
  const text = response.body.toString("utf8");
  return codes.some((code) => text.includes(`<Code>${code}</Code>`));
}

function isNotImplemented(response: RawResponse, request: FuzzRequest): boolean {
  return isAwsAnswer(response, request, 501, ["NotImplemented"]);
}

function isThrottled(response: RawResponse, request: FuzzRequest): boolean {
  return isAwsAnswer(response, request, 503, ["RequestLimitExceeded", "SlowDown"]);
}

const SLOWEST_KEPT = 10;

function noteLatency(report: FuzzReport, label: string, ms: number, status: string): void {
  if (report.slowest.length === SLOWEST_KEPT && ms <= report.slowest[SLOWEST_KEPT - 1].ms) return;
  report.slowest.push({ label, ms: Math.round(ms), status });
  report.slowest.sort((a, b) => b.ms - a.ms);
  report.slowest.length = Math.min(report.slowest.length, SLOWEST_KEPT);
}

function record(report: FuzzReport, tenant: FuzzTenant, request: FuzzRequest, outcome: Outcome, ms: number, log: ServerLog): void {
  noteLatency(report, request.label, ms, outcome.kind === "response" ? String(outcome.response.status) : outcome.kind);
  report.byService[request.service] += 1;
  if (outcome.kind === "hang") return note(report.hangs, request.label, "no answer within the timeout");
  if (outcome.kind === "dropped") {
    report.byStatus.dropped = (report.byStatus.dropped ?? 0) + 1;
    if (request.request.body.length <= SMALL_BODY) note(report.dropped, request.label, outcome.error);
    return;
  }
  const { response } = outcome;
  report.byStatus[String(response.status)] = (report.byStatus[String(response.status)] ?? 0) + 1;
  const requestId = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"];
  if (request.authenticates && typeof requestId === "string") tenant.authenticated.push(requestId);
  if (isNotImplemented(response, request)) return note(report.notImplemented, request.label, response.body.toString("utf8").slice(0, 200));
  if (isThrottled(response, request)) {
    report.throttled += 1;
    return;
  }
  if (response.status >= 500) {
    const logged = typeof requestId === "string" ? log.byRequestId.get(requestId) : undefined;
    return note(report.serverErrors, request.label, `${response.status} ${logged ?? response.body.toString("utf8").slice(0, 300)}`);
  }
  const problem = errorShapeProblem(response, request.families, request.request.method);
  if (problem) return note(report.nonAwsErrors, request.label, `${response.status} ${problem}`);
  if (response.status < 300 && request.authenticates) tenant.pools.harvest(response.body.toString("utf8"), tenant.credentials.accessKeyId);
}

/** Sends `total` requests, alternating tenants, at most `concurrency` at a time. */
type Settings = Required<Omit<FuzzOptions, "progress">> & Pick<FuzzOptions, "progress">;

async function sendAll(port: number, tenants: FuzzTenant[], contexts: CallContext[], options: Settings, report: FuzzReport, log: ServerLog): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const host = `127.0.0.1:${port}`;
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  const stopAt = performance.now() + options.deadlineSeconds * 1000;
  try {
    for (let i = 0; i < options.requests && performance.now() < stopAt; i++) {
      report.sent += 1;
      const which = i % tenants.length;
      const request = await drawRequest(contexts[which], tenants[which], host);
      const sentAt = performance.now();
      const sending = sendRaw(port, agent, request.request, options.timeoutMs).then((outcome) => {
        record(report, tenants[which], request, outcome, performance.now() - sentAt, log);
        done += 1;
        if (done % 1000 === 0) options.progress?.(done, options.requests);
      });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
}

/** Authenticated calls whose request id is not in their tenant's activity log. */
async function activityLost(tenants: FuzzTenant[]): Promise<number> {
  await flushActivity();
  let lost = 0;
  for (const tenant of tenants) {
    const rows = await queryRows<{ request_id: string }>("select request_id from sandbox_activity where account_id = $1", [tenant.accountId]);
    const logged = new Set(rows.map((row) => row.request_id));
    lost += tenant.authenticated.filter((requestId) => !logged.has(requestId)).length;
  }
  return lost;
}

function emptyReport(seed: number, requests: number): FuzzReport {
  return {
    seed,
    requests,
    sent: 0,
    seconds: 0,
    requestsPerSecond: 0,
    byService: Object.fromEntries(SERVICES.map((service) => [service, 0])) as Record<ServiceName, number>,
    byStatus: {},
    serverErrors: findingList(),
    hangs: findingList(),
    dropped: findingList(),
    nonAwsErrors: findingList(),
    notImplemented: findingList(),
    throttled: 0,
    slowest: [],
    prototypeChanges: [],
    invariantFailures: [],
    bystanderChanges: [],
    activityLost: 0,
    serverLog: { count: 0, first: [], byRequestId: new Map() },
    failed: false,
  };
}

function contextsFor(seed: number, tenants: FuzzTenant[], bystander: { accountId: string; pools: IdPools }): CallContext[] {
  const random = new Random(seed);
  return tenants.map((tenant) => ({
    random,
    accountId: tenant.accountId,
    own: tenant.pools,
    others: [...tenants.filter((other) => other !== tenant).map((other) => ({ accountId: other.accountId, pools: other.pools })), bystander],
    region: "us-east-1",
  }));
}

async function fuzzTenant(endpoint: string, account: TestAccount): Promise<FuzzTenant> {
  return { accountId: account.accountId, credentials: account.credentials, pools: (await seedAccount(endpoint, account)).pools, authenticated: [] };
}

function isFailed(report: FuzzReport): boolean {
  return (
    report.sent < report.requests ||
    report.serverErrors.count + report.hangs.count + report.dropped.count + report.nonAwsErrors.count > 0 ||
    report.prototypeChanges.length + report.invariantFailures.length + report.bystanderChanges.length > 0 ||
    report.activityLost > 0
  );
}

/** Runs the fuzzer on a sandbox of its own (a fresh PGlite database) and reports what the checks found. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const settings: Settings = {
    seed: options.seed ?? DEFAULT_SEED,
    concurrency: options.concurrency ?? 16,
    timeoutMs: options.timeoutMs ?? 15_000,
    deadlineSeconds: options.deadlineSeconds ?? Infinity,
    requests: options.requests,
    progress: options.progress,
  };
  const report = emptyReport(settings.seed, settings.requests);
  const previousDelays = process.env.VPCLAB_SANDBOX_DELAYS;
  process.env.VPCLAB_SANDBOX_DELAYS = "none";
  const prototypesBefore = takePrototypeSnapshot();
  const server = await startSandboxServer();
  try {
    const tenants = [await fuzzTenant(server.endpoint, await server.newAccount()), await fuzzTenant(server.endpoint, await server.newAccount())];
    const bystanderAccount = await server.newAccount();
    const bystander = { accountId: bystanderAccount.accountId, pools: (await seedAccount(server.endpoint, bystanderAccount)).pools };
    const bystanderBefore = await accountSnapshot(bystander.accountId);
    const port = Number(new URL(server.endpoint).port);
    const capture = captureServerLog();
    const started = performance.now();
    try {
      await sendAll(port, tenants, contextsFor(settings.seed, tenants, bystander), settings, report, capture.log);
    } finally {
      report.seconds = (performance.now() - started) / 1000;
      capture.release();
      report.serverLog = capture.log;
    }
    report.requestsPerSecond = report.sent / report.seconds;
    report.prototypeChanges = prototypeChanges(prototypesBefore);
    restorePrototypes(prototypesBefore);
    report.activityLost = await activityLost(tenants);
    report.invariantFailures = await checkInvariants([...tenants.map((tenant) => tenant.accountId), bystander.accountId]);
    const difference = firstDifference(bystanderBefore, await accountSnapshot(bystander.accountId));
    if (difference) report.bystanderChanges.push(difference);
  } finally {
    restorePrototypes(prototypesBefore);
    await server.close();
    if (previousDelays === undefined) delete process.env.VPCLAB_SANDBOX_DELAYS;
    else process.env.VPCLAB_SANDBOX_DELAYS = previousDelays;
  }
  report.failed = isFailed(report);
  return report;
}

function examples(title: string, list: FindingList): string[] {
  if (list.count === 0) return [];
  return [`${title} (${list.count}):`, ...list.examples.map((example) => `  ${example.label}\n    -> ${example.detail}`)];
}

/** The summary table, then examples of every failure. */
export function formatReport(report: FuzzReport): string {
  const rows: [string, string][] = [
    ["seed", String(report.seed)],
    ["requests", report.sent < report.requests ? `${report.sent} of ${report.requests} (the deadline ended the run: too slow)` : String(report.requests)],
    ["requests per second", report.requestsPerSecond.toFixed(0)],
    ["by service", Object.entries(report.byService).map(([service, count]) => `${service} ${count}`).join(", ")],
    ["by status", Object.entries(report.byStatus).sort().map(([status, count]) => `${status}: ${count}`).join(", ")],
    ["HTTP 5xx", String(report.serverErrors.count)],
    ["hangs", String(report.hangs.count)],
    ["dropped connections", String(report.dropped.count)],
    ["non-AWS-shaped errors", String(report.nonAwsErrors.count)],
    ["prototype changes", String(report.prototypeChanges.length)],
    ["invariant failures", String(report.invariantFailures.length)],
    ["bystander changes", String(report.bystanderChanges.length)],
    ["activity rows lost", String(report.activityLost)],
    ["S3 sub-resources the sandbox lacks (AWS's 501 NotImplemented)", String(report.notImplemented.count)],
    ["throttled (503 SlowDown, RequestLimitExceeded)", String(report.throttled)],
    ["server errors logged", String(report.serverLog.count)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`);
  lines.push(
    ...examples("HTTP 5xx", report.serverErrors),
    ...examples("hangs", report.hangs),
    ...examples("dropped connections", report.dropped),
    ...examples("non-AWS-shaped errors", report.nonAwsErrors),
  );
  lines.push("slowest answers:", ...report.slowest.map((slow) => `  ${String(slow.ms).padStart(6)} ms  ${slow.status}  ${slow.label}`));
  if (report.prototypeChanges.length) lines.push("prototype changes:", ...report.prototypeChanges.map((change) => `  ${change}`));
  if (report.invariantFailures.length) lines.push("invariant failures:", ...report.invariantFailures.slice(0, 20).map((failure) => `  ${failure.accountId} ${failure.document}: ${failure.problem}`));
  if (report.bystanderChanges.length) lines.push("bystander changes:", ...report.bystanderChanges.map((change) => `  ${change}`));
  if (report.serverLog.count) lines.push("server log (first lines):", ...report.serverLog.first.map((line) => `  ${line}`));
  lines.push(report.failed ? "FAILED" : "passed");
  return lines.join("\n");
}
