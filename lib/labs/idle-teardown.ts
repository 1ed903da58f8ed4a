/**
 * The idle teardown: a lab nobody has touched for VPCLAB_IDLE_TEARDOWN_MINUTES is torn down by a
 * timer in the server's process (real AWS costs money while the student is away). What it did is
 * recorded on the lab's run, and the lab console shows it. On by default in real mode (120
 * minutes), off in sandbox mode (nothing costs anything there); "0" or "off" turns it off.
 */
import { awsMode, type AwsMode, clientsForUser } from "@/lib/aws/clients";
import { isLabId } from "./check";
import { LabRunInProgressError, withLabRunLock } from "./run-lock";
import { idleLabRuns, type LabRun, recordTeardown } from "./runs";
import type { LabId } from "./steps";
import { teardownLab } from "./teardown";

export const DEFAULT_IDLE_MINUTES: Record<AwsMode, number | undefined> = { real: 120, sandbox: undefined };

/** The idle time after which a lab is torn down, in minutes, or undefined when off. */
export function idleTeardownMinutes(env: Readonly<Record<string, string | undefined>> = process.env, mode: AwsMode = awsMode(env)): number | undefined {
  const value = env.VPCLAB_IDLE_TEARDOWN_MINUTES?.trim();
  if (!value) return DEFAULT_IDLE_MINUTES[mode];
  if (value === "0" || value.toLowerCase() === "off") return undefined;
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`VPCLAB_IDLE_TEARDOWN_MINUTES must be a number of minutes, 0 or "off", not "${value}"`);
  return minutes;
}

export interface IdleTeardownOutcome {
  userId: string;
  labId: string;
  deleted: number;
  left: number;
}

/** Tears down every lab run untouched for `minutes` (one at a time: AWS throttles per account). */
export async function sweepIdleLabs(minutes: number, now = new Date()): Promise<IdleTeardownOutcome[]> {
  const runs = await idleLabRuns(new Date(now.getTime() - minutes * 60_000));
  const outcomes: IdleTeardownOutcome[] = [];
  for (const run of runs) {
    if (!isLabId(run.labId)) continue;
    const outcome = await withLabRunLock(run.userId, run.labId, () => tearDownIdleRun(run, minutes)).catch((error: unknown) => {
      // The student is running the lab right now: it is not idle after all.
      if (error instanceof LabRunInProgressError) return undefined;
      throw error;
    });
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

async function tearDownIdleRun(run: LabRun, minutes: number): Promise<IdleTeardownOutcome> {
  const clients = await clientsForUser(run.userId, { labId: run.labId, runId: run.runId });
  const report = await teardownLab(clients, run.labId as LabId).catch((error: Error) => ({ deleted: [], left: [{ id: run.labId, reason: `${error.name}: ${error.message}` }] }));
  await recordTeardown(run.userId, run.labId, { at: new Date().toISOString(), reason: "idle", idleMinutes: minutes, deleted: report.deleted, left: report.left });
  return { userId: run.userId, labId: run.labId, deleted: report.deleted.length, left: report.left.length };
}

/** Starts the timer (server.ts); returns how to stop it. Sweeps every quarter of the idle time, at most every 5 minutes. */
export function startIdleTeardownTimer(minutes = idleTeardownMinutes()): () => void {
  if (minutes === undefined) return () => undefined;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      for (const outcome of await sweepIdleLabs(minutes)) {
        console.log(`idle teardown: ${outcome.labId} of ${outcome.userId}: ${outcome.deleted} removed, ${outcome.left} left`);
      }
    } catch (error) {
      console.error("idle teardown failed", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), Math.min(minutes * 15_000, 5 * 60_000));
  timer.unref();
  return () => clearInterval(timer);
}
