/**
 * Several app processes on one PostgreSQL behind nginx round-robin, started as docs/deploy.md says
 * (the repository's deploy/nginx.conf with this run's ports), on a fresh database: for the
 * multi-process suite (e2e/multi-process.e2e.ts) and `npm run load -- --database-url … --processes N`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const NGINX_PATH = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((candidate) => fs.existsSync(candidate));

export interface Cluster {
  /** nginx, in front of every process. */
  url: string;
  /** Each app process directly, in upstream order. */
  processUrls: string[];
  /** Each app process's id, in upstream order. */
  processIds: number[];
  /** nginx's master process (its workers are its children). */
  nginxPid: number;
  /** The fresh database the processes share (dropped by stop()). */
  database: string;
  /** Each upstream address requests were sent to, as nginx logged it: "METHOD path upstream". */
  upstreamLog(): string[];
  kill(index: number, signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(statement);
  await admin.end();
}

/** deploy/nginx.conf with this run's ports, and an access log that names the upstream of each request. */
function nginxConfig(listenPort: number, appPorts: number[], logFile: string): string {
  const config = fs.readFileSync(path.resolve("deploy/nginx.conf"), "utf8");
  const upstreams = appPorts.map((port) => `    server 127.0.0.1:${port};`).join("\n");
  return config
    .replace(/(?:^ {4}server 127\.0\.0\.1:\d+;\n)+/m, `${upstreams}\n`)
    .replace(/listen \d+;/, `listen 127.0.0.1:${listenPort};`)
    .replace("access_log off;", `log_format upstream '$request_method $uri $upstream_addr';\n  access_log ${logFile} upstream;`);
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited (${child.exitCode}):\n${output()}`);
    const answer = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    if (answer?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not serve within 180 s:\n${output()}`);
}

function startApp(port: number, databaseUrl: string, dataDir: string): { child: ChildProcess; output: () => string } {
  let output = "";
  // Node itself with tsx's loader (not the tsx command, which runs the server in a child of its own):
  // a SIGKILL must reach the server.
  // --expose-gc: npm run load reads memory after a full collection (server.ts collects on SIGUSR2).
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "server.ts"], {
    env: {
      // As npm start runs it: two malloc arenas (docs/deploy.md).
      MALLOC_ARENA_MAX: "2",
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      VPCLAB_DATA_DIR: dataDir,
      VPCLAB_TRUSTED_PROXIES: "127.0.0.1",
      VPCLAB_SANDBOX_DELAYS: "none",
      AUTH_SECRET: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (data: Buffer) => (output = (output + data.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => output };
}

/** A fresh database on the TEST_DATABASE_URL server, `count` app processes on it, nginx in front on `basePort`. */
export async function startCluster(serverUrl: string, basePort: number, count: number, dataDir: string): Promise<Cluster> {
  // nginx reads a relative -c path under its -p prefix: every path handed to it is absolute.
  const workDir = path.resolve(dataDir);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const database = `vpclab_cluster_${crypto.randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE ${database}`);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const ports = Array.from({ length: count }, (_, index) => basePort + 1 + index);
  // Started together, as a deployment's processes are: migrations and the shared secret must cope.
  const apps = ports.map((port) => startApp(port, databaseUrl, path.join(workDir, `data-${port}`)));
  const processUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  const stopApps = () => apps.forEach(({ child }) => child.exitCode === null && child.kill("SIGKILL"));
  // A timed-out hook never reaches stop(): the processes go with the test worker.
  process.once("exit", stopApps);
  try {
    await Promise.all(apps.map(({ child, output }, index) => waitUntilServing(processUrls[index], child, output)));
  } catch (error) {
    stopApps();
    throw error;
  }
  const nginxDir = path.join(workDir, "nginx");
  fs.mkdirSync(nginxDir);
  const logFile = path.join(nginxDir, "upstreams.log");
  fs.writeFileSync(path.join(nginxDir, "nginx.conf"), nginxConfig(basePort, ports, logFile));
  const nginx = spawn(NGINX_PATH!, ["-c", path.join(nginxDir, "nginx.conf"), "-p", `${nginxDir}/`, "-g", "daemon off;"], { stdio: "inherit" });
  process.once("exit", () => nginx.kill("SIGTERM"));
  const url = `http://127.0.0.1:${basePort}`;
  const nginxErrors = path.join(nginxDir, "error.log");
  await waitUntilServing(url, nginx, () => (fs.existsSync(nginxErrors) ? fs.readFileSync(nginxErrors, "utf8") : "(nginx wrote no error.log: its own message is above)"));
  return {
    url,
    processUrls,
    processIds: apps.map(({ child }) => child.pid!),
    nginxPid: nginx.pid!,
    database,
    upstreamLog: () => fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean),
    kill: (index, signal) => apps[index].child.kill(signal),
    stop: async () => {
      nginx.kill("SIGTERM");
      stopApps();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
