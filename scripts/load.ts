/**
 * `npm run load`: a class on one server. N students (default 200) sign up through the console's
 * forms, create a key, hold the live stream open, build Lab 1 with the SDK at a student's pace and
 * run the Tests tab's ping and S3 tests; prints each call kind's latency, the errors, the live
 * updates' delay and the server's CPU and memory, with the issue's targets beside them, and writes
 * bench/load-results.json. A measurement, not a test: it exits 0 whether targets are met or not.
 * See docs/classroom.md ("A class on one server").
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { collectGarbage, type ConsoleServer, processTreeCpuMs, processTreeRssBytes, startConsoleServer } from "./bench/support/console-server";
import { startCluster } from "./cluster";
import { type BackendWatch, watchBackends } from "./load/postgres-backends";
import { type LoadFigures, printFigures, rssPerAccountMb, summariseCalls, summariseLive, writeFigures } from "./load/report";
import { type LoadOptions, parseLoadOptions } from "./load/options";
import { settledReading } from "./load/settled-memory";
import { seededRandom } from "@/lib/seeded-random";
import { Pacer, paceGaps, RunOver } from "./load/pace";
import { LoadRecorder, wasRecorded } from "./load/recorder";
import { closeTab, type SignedUpStudent, signUpStudent, studentWorks } from "./load/student";

const loadAverage = () => `${os.loadavg()[0].toFixed(2)} (${os.cpus().length} cores)`;
const toMb = (bytes: number | undefined, decimals = 1) => (bytes === undefined ? undefined : Number((bytes / 1024 / 1024).toFixed(decimals)));

const cpuSecondsBetween = (startMs: number | undefined, endMs: number | undefined) =>
  startMs === undefined || endMs === undefined ? undefined : Math.round((endMs - startMs) / 100) / 10;

interface Target {
  url: string;
  /** The app processes: their CPU and memory (and their children's) are the server's. */
  pids: number[];
  /** Each app process directly, when several stand behind `url` (each is warmed up on its own). */
  processUrls?: string[];
  /** nginx in front of them, when started here. */
  proxyPid?: number;
  /** The PostgreSQL backends of their database, when started here. */
  backends?: BackendWatch;
  stop(): Promise<void>;
}

/** `processes` app processes on a fresh database of the PostgreSQL server, behind nginx (as docs/deploy.md deploys them). */
async function clusterTarget(options: LoadOptions & { databaseUrl: string }): Promise<Target> {
  console.error(`starting ${options.processes} app process(es) on a fresh PostgreSQL database behind nginx on port ${options.port} (production build, every service)…`);
  const cluster = await startCluster(options.databaseUrl, options.port, options.processes, path.join(os.tmpdir(), `vpclab-load-${options.port}`));
  const backends = await watchBackends(options.databaseUrl, cluster.database);
  return {
    url: cluster.url,
    pids: cluster.processIds,
    processUrls: cluster.processUrls,
    proxyPid: cluster.nginxPid,
    backends,
    stop: async () => {
      await backends.stop();
      await cluster.stop();
    },
  };
}

async function target(options: LoadOptions): Promise<Target> {
  if (options.url) return { url: options.url, pids: options.pid === undefined ? [] : [options.pid], stop: async () => undefined };
  if (options.databaseUrl) return clusterTarget({ ...options, databaseUrl: options.databaseUrl });
  console.error(`starting the console on port ${options.port} (production build, every service)…`);
  // --expose-gc: memory is read after a full collection (server.ts collects on SIGUSR2).
  const { server }: { server: ConsoleServer } = await startConsoleServer({ port: options.port, env: { NODE_OPTIONS: "--expose-gc" } });
  return { url: server.url, pids: [server.child.pid!], stop: async () => server.stop() };
}

/** The Node version the app processes run (a class's figures differ by it, docs/deploy.md); unknown without a pid. */
function nodeVersionOf(pids: number[]): string | undefined {
  const versions = new Set<string>();
  for (const pid of pids) {
    try {
      versions.add(execFileSync(`/proc/${pid}/exe`, ["--version"], { encoding: "utf8" }).trim());
    } catch {
      return undefined;
    }
  }
  return versions.size === 1 ? [...versions][0] : undefined;
}

/** A reading summed over processes; unknown if any of them cannot be read (or there are none). */
function sumOver(pids: number[], read: (pid: number) => number | undefined): number | undefined {
  const readings = pids.map(read);
  return readings.length === 0 || readings.includes(undefined) ? undefined : readings.reduce((sum: number, value) => sum + value!, 0);
}

interface CpuReading {
  app?: number;
  proxy?: number;
  database?: number;
}

function readCpu(server: Target): CpuReading {
  return { app: sumOver(server.pids, processTreeCpuMs), proxy: server.proxyPid === undefined ? undefined : processTreeCpuMs(server.proxyPid), database: server.backends?.cpuMs() };
}

function progress(label: string, done: number, total: number, started: number): void {
  const every = Math.max(1, Math.round(total / 10));
  if (done % every === 0 || done === total) console.error(`${label}: ${done} of ${total} (${Math.round((performance.now() - started) / 1000)} s, load ${loadAverage()})`);
}

/** Signs the students up, `lanes` at a time; a student whose sign-up failed is left out (the failure is counted). */
async function signUpClass(url: string, options: LoadOptions, recorder: LoadRecorder): Promise<SignedUpStudent[]> {
  const students: SignedUpStudent[] = [];
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(options.lanes, options.students) }, async () => {
      for (let n = next++; n < options.students; n = next++) {
        await signUpStudent(url, recorder, { consoleTab: options.consoleTab }).then(
          (student) => students.push(student),
          () => undefined,
        );
        progress("signed up", ++done, options.students, started);
      }
    }),
  );
  return students;
}

/** Every student works side by side, each at its own seeded pace; returns how many finished and how many the clock stopped. */
async function runClass(url: string, students: SignedUpStudent[], options: LoadOptions, recorder: LoadRecorder): Promise<{ finished: number; cutByTime: number }> {
  const started = performance.now();
  const deadline = options.minutes === undefined ? Infinity : started + options.minutes * 60_000;
  const runTag = Date.now().toString(36);
  let finished = 0;
  let cutByTime = 0;
  await Promise.all(
    students.map(async (student, n) => {
      const pacer = new Pacer(paceGaps(seededRandom(options.seed * 100_003 + n), options.meanGapMs), deadline);
      try {
        await studentWorks(url, student, pacer, recorder, `lab1-load-${runTag}-${n}`);
        progress("finished", ++finished, students.length, started);
      } catch (error) {
        if (error instanceof RunOver) cutByTime += 1;
        else if (!wasRecorded(error)) recorder.fail("Lab 1 build", (error as { name?: string }).name ?? "Error", (error as Error).message ?? String(error));
      }
    }),
  );
  return { finished, cutByTime };
}

/** Late events still count: a second for the last changes to reach their streams. */
const SETTLE_MS = 1000;
/**
 * Memory is read once the server has been quiet this long after the class (the students' streams
 * still open), and after a full collection (as before the class): what the accounts hold, not the
 * garbage of the last burst. Without the collection, two 50-student runs gave -2 and +1.9 MB per account.
 */
const MEMORY_SETTLE_MS = 15_000;
const WARM_UP_GAP_MS = 50;

/**
 * One student, not counted, goes through everything a student does before the class is measured:
 * a server that has just started loads and compiles the code of each page and call on first use
 * (~100 MB measured), which is the server's cost, not an account's. Each app process of several gets
 * a student of its own, sent to it directly: through the load balancer, one student's pages and calls
 * were shared out between them, and each process compiled what it had not served during the class.
 */
async function warmUp(target: Target, consoleTab: boolean): Promise<void> {
  for (const url of target.processUrls ?? [target.url]) await warmUpStudent(url, consoleTab);
}

async function warmUpStudent(url: string, consoleTab: boolean): Promise<void> {
  const started = performance.now();
  const recorder = new LoadRecorder();
  const student = await signUpStudent(url, recorder, { consoleTab });
  try {
    await studentWorks(url, student, new Pacer(paceGaps(seededRandom(1), WARM_UP_GAP_MS), Infinity), recorder, `lab1-load-warm-up-${Date.now().toString(36)}`);
  } finally {
    closeTab(student);
  }
  console.error(`warm-up student on ${url}: Lab 1 and both tests in ${Math.round((performance.now() - started) / 1000)} s (not counted)`);
}

/** The highest RSS seen, sampled every second while the class works. */
function watchPeakRss(read: () => number | undefined): { stop(): number | undefined } {
  let peak: number | undefined;
  const sample = () => {
    const rss = read();
    if (rss !== undefined) peak = Math.max(peak ?? 0, rss);
  };
  const timer = setInterval(sample, 1000);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

async function main(): Promise<void> {
  const options = parseLoadOptions(process.argv.slice(2));
  const server = await target(options);
  const recorder = new LoadRecorder();
  try {
    const rss = () => sumOver(server.pids, processTreeRssBytes);
    const rssCold = rss();
    await warmUp(server, options.consoleTab);
    const rssStart = await settledReading(() => Promise.all(server.pids.map(collectGarbage)), rss);
    const loadAtStart = loadAverage();
    const started = performance.now();
    const cpuStart = readCpu(server);
    const peak = watchPeakRss(rss);
    const students = await signUpClass(server.url, options, recorder);
    const cpuSignedUp = readCpu(server);
    const outcome = await runClass(server.url, students, options, recorder);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpuEnd = readCpu(server);
    const seconds = Math.round((performance.now() - started) / 1000);
    const loadAtEnd = loadAverage();
    const rssPeak = peak.stop();
    await new Promise((resolve) => setTimeout(resolve, MEMORY_SETTLE_MS));
    const rssEnd = await settledReading(() => Promise.all(server.pids.map(collectGarbage)), rss);
    const databasePss = await server.backends?.pssBytes();
    for (const student of students) closeTab(student);
    const figures: LoadFigures = {
      options,
      students: { started: options.students, signedUp: students.length, ...outcome },
      seconds,
      ...summariseCalls(recorder),
      errors: Object.fromEntries(recorder.errors),
      errorExamples: recorder.errorExamples,
      handledAwsErrors: Object.fromEntries(recorder.handledAwsErrors),
      live: summariseLive(students.map((student) => student.stream.delays())),
      server: {
        processes: server.pids.length,
        node: nodeVersionOf(server.pids),
        cpuSeconds: cpuSecondsBetween(cpuStart.app, cpuEnd.app),
        cpuSecondsSigningUp: cpuSecondsBetween(cpuStart.app, cpuSignedUp.app),
        rssColdMb: toMb(rssCold),
        rssStartCollectedMb: toMb(rssStart.collected),
        rssStartMb: toMb(rssStart.settled),
        rssPeakMb: toMb(rssPeak),
        rssEndCollectedMb: toMb(rssEnd.collected),
        rssEndMb: toMb(rssEnd.settled),
        rssPerAccountMb: rssPerAccountMb(rssStart.settled, rssEnd.settled, students.length),
        proxyCpuSeconds: cpuSecondsBetween(cpuStart.proxy, cpuEnd.proxy),
        database: server.backends && {
          cpuSeconds: cpuSecondsBetween(cpuStart.database, cpuEnd.database),
          cpuSecondsSigningUp: cpuSecondsBetween(cpuStart.database, cpuSignedUp.database),
          backendsPeak: server.backends.peakBackends(),
          pssEndMb: toMb(databasePss),
        },
      },
      load: { start: loadAtStart, end: loadAtEnd },
    };
    printFigures(figures);
    writeFigures(figures);
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
