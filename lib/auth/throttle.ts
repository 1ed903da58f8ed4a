/**
 * Sign-in and sign-up throttling. An attempt is reserved before the password is checked: the
 * reservation reads and counts the attempt under a row lock in one transaction, so parallel
 * attempts are counted exactly (40 at once for one account get only the allowed few checked),
 * on PGlite and on PostgreSQL, across processes.
 *
 * Sign-in failures are counted per (account, address) and per account, never per address alone:
 * a school's students share one NAT address, and one of them guessing must not lock the others out.
 */
import "server-only";
import { inArray, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { signInFailures } from "@/lib/db/schema";
import { normalizeEmail } from "./users";

/** Attempts older than this are forgotten. */
const WINDOW_MS = 15 * 60_000;
const MAX_WAIT_MS = 15 * 60_000;
const FIRST_WAIT_MS = 30_000;

/**
 * Attempts allowed in a window before each further one has to wait 30 s, doubling each time:
 * 5 failures from one address for one account; 20 for one account from anywhere (a guesser
 * spreading over addresses); 300 sign-ups from one address (a whole class, or a school, behind one NAT signs up at the start of a lesson).
 */
const FREE_ATTEMPTS = { pair: 5, account: 20, signup: 300 } as const;

type Kind = keyof typeof FREE_ATTEMPTS;
type Row = typeof signInFailures.$inferSelect;

function keyFor(kind: Kind, value: string): string {
  return `${kind}:${value}`;
}

function signInKeys(email: string, address: string): string[] {
  const account = normalizeEmail(email);
  return [keyFor("pair", `${account} ${address}`), keyFor("account", account)];
}

function kindOf(key: string): Kind {
  return key.slice(0, key.indexOf(":")) as Kind;
}

function waitAfter(kind: Kind, attempts: number): number {
  const over = attempts - FREE_ATTEMPTS[kind];
  return over < 0 ? 0 : Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** over);
}

function expired(row: Row, now: number): boolean {
  return now - row.firstFailureAt.getTime() > WINDOW_MS;
}

function waitFor(row: Row, now: number): number {
  const wait = waitAfter(kindOf(row.key), row.failures);
  // Within the free attempts there is no wait, even when a concurrent request that read the clock
  // after this one counted its attempt first (its lastFailureAt is then later than `now`).
  if (wait === 0 || expired(row, now)) return 0;
  return Math.max(0, row.lastFailureAt.getTime() + wait - now);
}

/**
 * Counts one attempt against every key, unless one of them must still wait: then nothing is
 * counted and the wait (ms) is returned. The rows are locked in key order, so concurrent
 * reservations queue instead of both reading the same count.
 */
async function reserve(keys: string[], now: number): Promise<number> {
  const db = await getDb();
  const at = new Date(now);
  const sorted = [...keys].sort();
  const wait = await db.transaction(async (tx) => {
    await tx
      .insert(signInFailures)
      .values(sorted.map((key) => ({ key, failures: 0, firstFailureAt: at, lastFailureAt: at })))
      .onConflictDoNothing();
    const rows = await tx.select().from(signInFailures).where(inArray(signInFailures.key, sorted)).orderBy(signInFailures.key).for("update");
    const longest = Math.max(0, ...rows.map((row) => waitFor(row, now)));
    if (longest > 0) return longest;
    const windowStart = new Date(now - WINDOW_MS);
    await tx
      .update(signInFailures)
      .set({
        failures: sql`CASE WHEN ${signInFailures.firstFailureAt} < ${windowStart} THEN 1 ELSE ${signInFailures.failures} + 1 END`,
        firstFailureAt: sql`CASE WHEN ${signInFailures.firstFailureAt} < ${windowStart} THEN ${at} ELSE ${signInFailures.firstFailureAt} END`,
        lastFailureAt: sql`GREATEST(${signInFailures.lastFailureAt}, ${at})`,
      })
      .where(inArray(signInFailures.key, sorted));
    return 0;
  });
  await forgetOldAttempts(now);
  return wait;
}

let lastPruneAt = 0;

/** Rows of finished windows are dropped now and then, so guessing many emails does not grow the table for ever. */
async function forgetOldAttempts(now: number): Promise<void> {
  if (now - lastPruneAt < 60_000) return;
  lastPruneAt = now;
  const db = await getDb();
  await db.delete(signInFailures).where(lt(signInFailures.lastFailureAt, new Date(now - WINDOW_MS - MAX_WAIT_MS)));
}

/**
 * Reserves one sign-in attempt for this email from this address, counted as a failure until
 * `signInSucceeded` clears it. Returns 0 to go ahead, else the milliseconds still to wait.
 */
export async function reserveSignInAttempt(email: string, address: string, now = Date.now()): Promise<number> {
  return reserve(signInKeys(email, address), now);
}

/** A successful sign-in forgets the failures of the account and of this address for it. */
export async function signInSucceeded(email: string, address: string): Promise<void> {
  const db = await getDb();
  await db.delete(signInFailures).where(inArray(signInFailures.key, signInKeys(email, address)));
}

/** Reserves one sign-up from this address. Returns 0 to go ahead, else the milliseconds still to wait. */
export async function reserveSignUp(address: string, now = Date.now()): Promise<number> {
  return reserve([keyFor("signup", address)], now);
}

export function waitMessage(action: "sign-ins" | "sign-ups", waitMs: number): string {
  const seconds = Math.ceil(waitMs / 1000);
  const reason = action === "sign-ins" ? "Too many failed sign-ins" : "Too many sign-ups from your network";
  return `${reason}. Wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
}
