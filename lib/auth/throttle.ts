import { eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { signInFailures } from "@/lib/db/schema";

/** Failures older than this are forgotten. */
const WINDOW_MS = 15 * 60_000;
const MAX_WAIT_MS = 15 * 60_000;
const FIRST_WAIT_MS = 30_000;
/** Failures allowed before each further attempt has to wait 30 s, doubling with each further failure. */
const FREE_FAILURES = { account: 5, address: 20 } as const;

type Kind = keyof typeof FREE_FAILURES;

function keyFor(kind: Kind, value: string): string {
  return `${kind}:${value.trim().toLowerCase()}`;
}

function waitAfter(kind: Kind, failures: number): number {
  const over = failures - FREE_FAILURES[kind];
  return over < 0 ? 0 : Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** over);
}

/** Milliseconds the caller must still wait before trying this email from this address again (0: go ahead). */
export async function signInWaitMs(email: string, address: string, now = Date.now()): Promise<number> {
  const db = await getDb();
  const keys: Array<[Kind, string]> = [
    ["account", keyFor("account", email)],
    ["address", keyFor("address", address)],
  ];
  const rows = await db
    .select()
    .from(signInFailures)
    .where(inArray(signInFailures.key, keys.map(([, key]) => key)));
  let wait = 0;
  for (const row of rows) {
    if (now - row.firstFailureAt.getTime() > WINDOW_MS) continue;
    const kind = row.key.split(":")[0] as Kind;
    const until = row.lastFailureAt.getTime() + waitAfter(kind, row.failures);
    wait = Math.max(wait, until - now);
  }
  return wait;
}

export async function recordSignInFailure(email: string, address: string, now = Date.now()): Promise<void> {
  const db = await getDb();
  const at = new Date(now);
  const windowStart = new Date(now - WINDOW_MS);
  for (const key of [keyFor("account", email), keyFor("address", address)]) {
    await db
      .insert(signInFailures)
      .values({ key, failures: 1, firstFailureAt: at, lastFailureAt: at })
      .onConflictDoUpdate({
        target: signInFailures.key,
        set: {
          failures: sql`CASE WHEN ${signInFailures.firstFailureAt} < ${windowStart} THEN 1 ELSE ${signInFailures.failures} + 1 END`,
          firstFailureAt: sql`CASE WHEN ${signInFailures.firstFailureAt} < ${windowStart} THEN ${at} ELSE ${signInFailures.firstFailureAt} END`,
          lastFailureAt: at,
        },
      });
  }
}

/** A successful sign-in forgets the account's failures (not the address's: one good account must not reset them). */
export async function clearAccountFailures(email: string): Promise<void> {
  const db = await getDb();
  await db.delete(signInFailures).where(eq(signInFailures.key, keyFor("account", email)));
}
