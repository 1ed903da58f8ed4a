/**
 * The product's own server for benchmarks: `node --import tsx server.ts` from the production build with
 * NODE_ENV=production, as `npm run demo` starts it, on a free loopback port over a fresh data folder.
 * (Not a benchmark module itself: bench.ts runs only the .ts files directly in scripts/bench/.)
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

export interface ConsoleServer {
  url: string;
  child: ChildProcess;
  dataDir: string;
  stop(): void;
}

export interface SandboxAccountKeys {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Students with sandbox accounts, made in the data folder before the server opens it (as
 * scripts/e2e-real-server.ts makes its operator): the keys to sign the benchmark's calls with.
 */
async function createStudents(dataDir: string, count: number): Promise<SandboxAccountKeys[]> {
  if (count === 0) return [];
  process.env.VPCLAB_DATA_DIR = dataDir;
  process.env.DATABASE_URL = "";
  const { closeDatabase, getDb } = await import("@/lib/db/client");
  const { users } = await import("@/lib/db/schema");
  const { ensureSandboxAccount } = await import("@/lib/sandbox/accounts");
  // The database of this folder, not one a module of the benchmark opened (or closed) before.
  await closeDatabase();
  const db = await getDb();
  const accounts: SandboxAccountKeys[] = [];
  for (let n = 0; n < count; n++) {
    const id = `bench-student-${n}`;
    await db.insert(users).values({ id, email: `${id}@example.test`, name: `Bench student ${n}`, role: "student" });
    accounts.push(await ensureSandboxAccount(id));
  }
  await closeDatabase();
  return accounts;
}

/** Starts the console (and its /aws sandbox); `students` accounts are created first and their keys returned. */
export async function startConsoleServer(
  options: { students?: number; env?: Record<string, string>; port?: number } = {},
): Promise<{ server: ConsoleServer; students: SandboxAccountKeys[] }> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `npx next build` (npm run bench does)");
  const port = options.port ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vpc-lab-bench-"));
  const students = await createStudents(dataDir, options.students ?? 0);
  // Node itself with tsx's loader, not the tsx command (which runs the server in a child of its own and
  // dies of a signal it does not relay, such as collectGarbage's): child.pid is the server.
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    // As npm start and npm run demo run it: two malloc arenas (docs/deploy.md).
    env: { MALLOC_ARENA_MAX: "2", ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", VPCLAB_DATA_DIR: dataDir, VPCLAB_SANDBOX_DELAYS: "none", DATABASE_URL: "", ...options.env },
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 240; attempt++) {
    const ready = await fetch(`${url}/sign-in`).then((response) => response.ok, () => false);
    if (ready) return { server: { url, child, dataDir, stop }, students };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stop();
  throw new Error("the console did not start within 120 s");
}

/** The CPU time (user + system, ms) a process and its descendants have used so far, from Linux's /proc; undefined elsewhere. */
export function processTreeCpuMs(pid: number): number | undefined {
  const TICKS_PER_SECOND = 100; // USER_HZ, fixed at 100 on Linux's ABI
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const [utime, stime] = stat.slice(stat.lastIndexOf(")") + 2).split(" ").slice(11, 13).map(Number);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND + childrenOf(pid).reduce((sum, child) => sum + (processTreeCpuMs(child) ?? 0), 0);
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(" ").filter(Boolean).map(Number));
}

/** Whether the process was started with --expose-gc (its command line, or NODE_OPTIONS in its environment). */
export function startedWithExposedGc(pid: number): boolean {
  try {
    const read = (file: string) => fs.readFileSync(`/proc/${pid}/${file}`, "utf8").split("\0");
    return read("cmdline").includes("--expose-gc") || read("environ").some((entry) => entry.startsWith("NODE_OPTIONS=") && entry.includes("--expose-gc"));
  } catch {
    return false;
  }
}

/**
 * A full garbage collection in a server started with --expose-gc (server.ts collects on SIGUSR2;
 * only the server itself is signalled: SIGUSR2 ends a process that does not handle it), then a pause
 * for the collector to hand freed pages back to the system.
 */
export async function collectGarbage(pid: number): Promise<void> {
  // A console given with --url may have been started without it: the signal would end it.
  if (!startedWithExposedGc(pid)) return;
  try {
    process.kill(pid, "SIGUSR2");
  } catch {
    return; // Gone already: nothing to collect.
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
}

/** The resident memory (bytes) of a process and its descendants, from Linux's /proc; undefined elsewhere. */
export function processTreeRssBytes(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
    return kib * 1024 + childrenOf(pid).reduce((sum, child) => sum + (processTreeRssBytes(child) ?? 0), 0);
  } catch {
    return undefined;
  }
}

/**
 * The console's CPU time (ms) spent while `work` ran: on a loaded machine the wall-clock figure
 * waits for other processes, this does not, so it tells what the work costs the server itself.
 */
export async function serverCpuDuring<T>(server: ConsoleServer, work: () => Promise<T>): Promise<{ value: T; cpuMs?: number }> {
  const before = processTreeCpuMs(server.child.pid!);
  const value = await work();
  const after = processTreeCpuMs(server.child.pid!);
  return { value, cpuMs: before === undefined || after === undefined ? undefined : after - before };
}
