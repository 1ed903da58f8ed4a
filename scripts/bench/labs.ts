/**
 * Lab logic on the sandbox with demo delays off: "Do it for me" of the whole of Lab 1, and
 * "Tear down" of both labs (Lab 1 and Lab 2 built first), through the same SDK clients as the console.
 */
import { CreateAccessKeyCommand } from "@aws-sdk/client-iam";
import type { AwsClients } from "@/lib/aws/clients";
import { doWholeLab } from "@/lib/labs/check";
import { teardownLab } from "@/lib/labs/teardown";
import { sandboxClients } from "@/lib/labs/testing";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { type BenchResult, percentile, result } from "./types";

const RUNS = 5;

async function clientsFor(server: SandboxServer): Promise<AwsClients> {
  return sandboxClients(server, await server.newAccount());
}

/** Lab 2 Step 3 is the student's own (do-it-for-me skips it): a key for the account's IAM user `lab-user`. */
async function withAccessKey(clients: AwsClients): Promise<void> {
  await clients.iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
}


async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export default async function labsBenchmark(): Promise<BenchResult[]> {
  process.env.VPCLAB_SANDBOX_DELAYS = "none";
  const server = await startSandboxServer();
  try {
    // One untimed build warms the SDK clients, the database and the sandbox's code paths.
    await doWholeLab(await clientsFor(server), "vpc-peering");
    const builds: number[] = [];
    const teardowns: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const clients = await clientsFor(server);
      builds.push(await timed(() => doWholeLab(clients, "vpc-peering")));
      await withAccessKey(clients);
      // The whole of Lab 2, Step 6's lock-out bucket policy included (removed as the account's root user).
      await doWholeLab(clients, "vpc-endpoints");
      teardowns.push(
        await timed(async () => {
          const reports = [await teardownLab(clients, "vpc-endpoints"), await teardownLab(clients, "vpc-peering")];
          const left = reports.flatMap((report) => report.left);
          if (left.length) throw new Error(`teardown left ${left.map((entry) => `${entry.id} (${entry.reason})`).join(", ")}`);
        }),
      );
    }
    return [
      result("labs: do-it-for-me, whole Lab 1 (median)", percentile(builds, 50), "ms", 1000),
      result("labs: tear down Lab 1 and Lab 2 (median)", percentile(teardowns, 50), "ms", 1000),
    ];
  } finally {
    await server.close();
  }
}
