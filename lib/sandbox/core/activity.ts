/**
 * The CloudTrail-like log of sandbox calls. Rows are buffered and written in batches (every
 * ~100 ms and on flush) so logging never sits on a call's path. Rows mix every tenant's calls,
 * so what one call sent must never cost another's row: text the database cannot store (NUL,
 * lone surrogates) is replaced before writing, and a batch the database refuses is written
 * again row by row.
 */
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { type Db, getDb, queryPrepared } from "@/lib/db/client";
import { sandboxActivity } from "@/lib/db/schema";
import { processSingleton } from "@/lib/process-singleton";
import type { QueryParams, QueryValue } from "./types";
import { toStorableText } from "./untrusted-input";

export type ActivityRecord = typeof sandboxActivity.$inferInsert;
export type ActivityRow = typeof sandboxActivity.$inferSelect;

const FLUSH_DELAY_MS = 100;
const MAX_BATCH = 500;
/** Beyond this many waiting rows (database down), the oldest are dropped rather than growing without bound. */
const MAX_BUFFERED = 50_000;
const MAX_SUMMARY_LENGTH = 400;

interface ActivityMemory {
  buffer: ActivityRecord[];
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
}

const memory = processSingleton<ActivityMemory>("activity", () => ({ buffer: [], timer: null, flushing: null }));

/** NUL and unpaired surrogates (PostgreSQL text refuses both) become U+FFFD. */
function storableRecord(record: ActivityRecord): ActivityRecord {
  const copy: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(copy)) {
    if (typeof value === "string") copy[field] = toStorableText(value);
  }
  return copy as ActivityRecord;
}

/** Queues one call for the log; written within ~100 ms. */
export function recordActivity(record: ActivityRecord): void {
  memory.buffer.push(storableRecord(record));
  if (memory.buffer.length > MAX_BUFFERED) memory.buffer.splice(0, memory.buffer.length - MAX_BUFFERED);
  if (memory.timer === null) {
    memory.timer = setTimeout(() => void flushActivity(), FLUSH_DELAY_MS);
    memory.timer.unref();
  }
}

/**
 * One prepared statement for any number of rows (columns as arrays): planned once. The batch as
 * drizzle's multi-row insert was a new statement of a dozen parameters per row for PGlite to parse and
 * plan every 100 ms, holding the event loop for several milliseconds under a class's calls.
 */
const INSERT_ROWS =
  "insert into sandbox_activity (at, account_id, request_id, caller, access_key_id, service, action, summary, http_status, error_code, source_ip, user_agent) " +
  "select coalesce(at, now()), account_id, request_id, caller, access_key_id, service, action, summary, http_status, error_code, source_ip, user_agent " +
  "from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::integer[], $10::text[], $11::text[], $12::text[]) " +
  "as u(at, account_id, request_id, caller, access_key_id, service, action, summary, http_status, error_code, source_ip, user_agent)";

async function insertRows(rows: readonly ActivityRecord[]): Promise<void> {
  const column = <T>(value: (row: ActivityRecord) => T) => rows.map(value);
  await queryPrepared("sandbox-activity-insert", INSERT_ROWS, [
    column((row) => row.at ?? null),
    column((row) => row.accountId),
    column((row) => row.requestId),
    column((row) => row.caller),
    column((row) => row.accessKeyId ?? null),
    column((row) => row.service),
    column((row) => row.action),
    column((row) => row.summary),
    column((row) => row.httpStatus),
    column((row) => row.errorCode ?? null),
    column((row) => row.sourceIp ?? null),
    column((row) => row.userAgent ?? null),
  ]);
}

/** A refused batch is written again one row at a time: only the rows the database refuses are lost. */
async function writeBatch(batch: ActivityRecord[]): Promise<void> {
  try {
    await insertRows(batch);
    return;
  } catch (error) {
    if (batch.length === 1) {
      console.error("sandbox activity: 1 row could not be written", error);
      return;
    }
  }
  let lost = 0;
  let lastError: unknown;
  for (const row of batch) {
    try {
      await insertRows([row]);
    } catch (error) {
      lost++;
      lastError = error;
    }
  }
  if (lost > 0) console.error(`sandbox activity: ${lost} of ${batch.length} rows could not be written`, lastError);
}

async function writeBuffered(): Promise<void> {
  while (memory.buffer.length > 0) {
    const batch = memory.buffer.splice(0, MAX_BATCH);
    try {
      await writeBatch(batch);
    } catch (error) {
      console.error(`sandbox activity: ${batch.length} rows could not be written`, error);
    }
  }
}

/** Writes every queued row now (called before reading the log, and at shutdown). */
export async function flushActivity(): Promise<void> {
  if (memory.timer !== null) {
    clearTimeout(memory.timer);
    memory.timer = null;
  }
  while (memory.flushing) await memory.flushing;
  if (memory.buffer.length === 0) return;
  memory.flushing = writeBuffered().finally(() => {
    memory.flushing = null;
  });
  await memory.flushing;
}

export interface ActivityQuery {
  limit?: number;
  /** An activity id: only older calls (paging). */
  before?: number;
  /** Only calls made at or after this time (the lab run's start). */
  since?: Date;
  /** Leave out the Describe/List/Get/Head calls the app's console made (its own refresh reads). */
  hideConsoleReads?: boolean;
}

/** The query behind listActivity (tests read its plan): a page is the newest rows of one index, however many the filters leave out. */
export function activityQuery(db: Db, accountId: string, options: ActivityQuery = {}) {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 500);
  const conditions = [eq(sandboxActivity.accountId, accountId)];
  if (options.hideConsoleReads) conditions.push(eq(sandboxActivity.consoleRead, false));
  if (options.before !== undefined) conditions.push(lt(sandboxActivity.id, options.before));
  if (options.since) conditions.push(gte(sandboxActivity.at, options.since));
  return db
    .select()
    .from(sandboxActivity)
    .where(and(...conditions))
    .orderBy(desc(sandboxActivity.id))
    .limit(limit);
}

/** The account's calls, newest first, filtered in the database so a page is full whatever the filters leave out. */
export async function listActivity(accountId: string, options: ActivityQuery = {}): Promise<ActivityRow[]> {
  await flushActivity();
  return activityQuery(await getDb(), accountId, options);
}

/** AWS resource ids (vpc-0abc…, i-…, AKIA… never: only lower-case prefixed hex ids). */
const RESOURCE_ID = /^[a-z]{1,12}(-[a-z]{1,12})?-[0-9a-f]{8,17}$/;

function flattenNames(prefix: string, value: QueryValue, out: string[]): void {
  if (typeof value === "string") {
    out.push(RESOURCE_ID.test(value) ? `${prefix}=${value}` : prefix);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item !== undefined) flattenNames(`${prefix}.${index + 1}`, item, out);
    });
  } else {
    for (const [key, child] of Object.entries(value)) flattenNames(prefix ? `${prefix}.${key}` : key, child, out);
  }
}

/**
 * A short, secret-free description of a Query call: the parameter names, with values only
 * when they are resource ids ("VpcId=vpc-0abc…, CidrBlock"). Action and Version are left out.
 */
export function summarizeQueryParams(params: QueryParams): string {
  const names: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (key !== "Action" && key !== "Version") flattenNames(key, value, names);
  }
  const summary = names.join(", ");
  return summary.length <= MAX_SUMMARY_LENGTH ? summary : `${summary.slice(0, MAX_SUMMARY_LENGTH - 1)}…`;
}
