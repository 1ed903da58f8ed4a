/** `npm run load` options. */
import { parseArgs } from "node:util";

export interface LoadOptions {
  students: number;
  /** Minutes the students work before the run stops; undefined: until every student has finished. */
  minutes?: number;
  /** An already running console; undefined: the product's server is started here. */
  url?: string;
  /** That server's process id, to read its CPU and memory from /proc (only with --url). */
  pid?: number;
  /** The port of the server started here (nginx's, with --database-url; the app processes take the next ones). */
  port: number;
  /** A PostgreSQL server: the class runs on a fresh database of it, through `processes` app processes behind nginx. */
  databaseUrl?: string;
  /** App processes started on `databaseUrl` (1 on the embedded database). */
  processes: number;
  seed: number;
  /** Mean gap between a student's calls (ms). */
  meanGapMs: number;
  /** Students signing up at the same time. */
  lanes: number;
  /** Each student's lab page reads the account as an open tab does (scripts/load/console-tab.ts); false holds only the stream. */
  consoleTab: boolean;
}

export const LOAD_USAGE =
  "usage: npm run load -- [--students N (200)] [--minutes M (until Lab 1 is built)] [--url http://host:port --pid P | --database-url postgres://… --processes N (1)] [--port 3500] [--seed 1] [--gap-ms 2000] [--lanes 8] [--without-console-tab]";

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} wants a positive number, not ${value}\n${LOAD_USAGE}`);
  return number;
}

export function parseLoadOptions(argv: string[]): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      students: { type: "string" },
      minutes: { type: "string" },
      url: { type: "string" },
      pid: { type: "string" },
      port: { type: "string" },
      "database-url": { type: "string" },
      processes: { type: "string" },
      seed: { type: "string" },
      "gap-ms": { type: "string" },
      lanes: { type: "string" },
      "without-console-tab": { type: "boolean" },
    },
  });
  if (values.processes !== undefined && values["database-url"] === undefined) throw new Error(`--processes wants --database-url: the embedded database serves one process\n${LOAD_USAGE}`);
  if (values.url !== undefined && values["database-url"] !== undefined) throw new Error(`--url targets a running console, --database-url starts one: not both\n${LOAD_USAGE}`);
  return {
    students: Math.round(positive("students", values.students, 200)),
    minutes: values.minutes === undefined ? undefined : positive("minutes", values.minutes, 0),
    url: values.url?.replace(/\/$/, ""),
    pid: values.pid === undefined ? undefined : positive("pid", values.pid, 0),
    port: positive("port", values.port, 3500),
    databaseUrl: values["database-url"],
    processes: Math.round(positive("processes", values.processes, 1)),
    seed: positive("seed", values.seed, 1),
    meanGapMs: positive("gap-ms", values["gap-ms"], 2000),
    lanes: Math.round(positive("lanes", values.lanes, 8)),
    consoleTab: !values["without-console-tab"],
  };
}
