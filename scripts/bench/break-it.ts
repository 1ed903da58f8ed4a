/**
 * Break it on the sandbox with demo delays off: an instructor's round applying a fault (a random
 * one each) to 200 students' completed Lab 1, through `applyFaultToMany`, records included.
 * The students' labs are built first (untimed). Prints the machine's load beside the figure.
 */
import os from "node:os";
import { applyFaultToMany, type FaultTarget } from "@/lib/labs/break-it";
import { doWholeLab } from "@/lib/labs/check";
import { sandboxClients } from "@/lib/labs/testing";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { type BenchResult, result } from "./types";

/** 200 by default; BENCH_BREAK_IT_STUDENTS sets fewer for a quick look (building the labs is the slow part). */
const STUDENTS = Number(process.env.BENCH_BREAK_IT_STUDENTS ?? 200);
const BUILD_CONCURRENCY = 8;

async function completedStudents(server: SandboxServer, count: number): Promise<FaultTarget[]> {
  const students: FaultTarget[] = [];
  const worker = async () => {
    while (students.length < count) {
      const account = await server.newAccount();
      const target = { userId: account.userId, clients: sandboxClients(server, account) };
      students.push(target);
      await doWholeLab(target.clients, "vpc-peering");
      if (students.length % 25 === 0) console.error(`break-it: ${students.length} labs started`);
    }
  };
  await Promise.all(Array.from({ length: BUILD_CONCURRENCY }, worker));
  return students.slice(0, count);
}

function machineLoad(): string {
  const [one, five] = os.loadavg();
  return `load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min) on ${os.cpus().length} cores`;
}

export default async function breakItBenchmark(): Promise<BenchResult[]> {
  process.env.VPCLAB_SANDBOX_DELAYS = "none";
  const server = await startSandboxServer();
  try {
    const started = performance.now();
    const students = await completedStudents(server, STUDENTS + 1);
    console.error(`break-it: ${STUDENTS + 1} labs built in ${Math.round(performance.now() - started)} ms`);
    // One untimed student warms the code paths of the round.
    await applyFaultToMany(students.slice(0, 1), { labId: "vpc-peering", fault: "random", appliedBy: students[0].userId });
    const round = students.slice(1);
    console.error(`break-it: before the round, ${machineLoad()}`);
    const roundStart = performance.now();
    const outcomes = await applyFaultToMany(round, { labId: "vpc-peering", fault: "random", appliedBy: students[0].userId });
    const elapsed = performance.now() - roundStart;
    console.error(`break-it: after the round, ${machineLoad()}`);
    const failed = outcomes.filter((outcome) => !outcome.ok);
    if (failed.length) throw new Error(`${failed.length} students were not challenged: ${JSON.stringify(failed[0])}`);
    return [result(`break-it: apply a fault to ${STUDENTS} students' labs`, elapsed, "ms", 5000)];
  } finally {
    await server.close();
  }
}
