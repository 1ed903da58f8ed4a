/**
 * What the PostgreSQL server spends on one database during a load run: the CPU of the backends
 * connected to it (the app processes' connections), read from /proc on this machine. Backends come
 * and go (pools close idle connections), so their list is sampled every second and each backend's
 * last reading is kept: one that ends loses at most its last second. The server's own background
 * processes (checkpointer, WAL writer, autovacuum) serve every database and are not counted.
 */
import pg from "pg";
import fs from "node:fs";
import { processTreeCpuMs } from "../bench/support/console-server";

const SAMPLE_MS = 1000;

function pssBytes(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

export interface BackendWatch {
  /** CPU (ms) used so far by every backend seen on the database since the watch began. */
  cpuMs(): number;
  /** Most backends seen at once. */
  peakBackends(): number;
  /** The backends' proportional memory now (PSS: each shared page divided among the processes that map it). */
  pssBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** Watches the backends of `database` on the server `serverUrl` names (which must run on this machine). */
export async function watchBackends(serverUrl: string, database: string): Promise<BackendWatch> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const lastCpu = new Map<number, number>();
  let peak = 0;
  const backendPids = async () =>
    (await admin.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1", [database])).rows.map((row) => row.pid);
  const sample = async () => {
    const pids = await backendPids();
    peak = Math.max(peak, pids.length);
    for (const pid of pids) {
      const cpu = processTreeCpuMs(pid);
      if (cpu !== undefined) lastCpu.set(pid, cpu);
    }
  };
  await sample();
  const baseline = new Map(lastCpu);
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample).catch((error: Error) => console.error(`PostgreSQL backends not sampled: ${error.message}`));
  }, SAMPLE_MS);
  return {
    cpuMs: () => [...lastCpu].reduce((sum, [pid, cpu]) => sum + cpu - (baseline.get(pid) ?? 0), 0),
    peakBackends: () => peak,
    pssBytes: async () => (await backendPids()).reduce((sum, pid) => sum + pssBytes(pid), 0),
    stop: async () => {
      clearInterval(timer);
      await sampling;
      await admin.end();
    },
  };
}
