/**
 * Sandbox clients share one keep-alive pool of connections to the sandbox: an instructor's round
 * builds new clients for every student of the class, and each set used to open a connection per
 * parallel call, both ends of which cost the server's CPU.
 */
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandboxClients } from "@/lib/labs/testing";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => server.close());

const PARALLEL_CALLS = 3;

async function describeInParallel(clients: ReturnType<typeof sandboxClients>): Promise<void> {
  const answers = await Promise.all(Array.from({ length: PARALLEL_CALLS }, () => clients.ec2.send(new DescribeVpcsCommand({}))));
  for (const answer of answers) expect(answer.Vpcs).toBeDefined();
}

it("new clients for other students reuse the connections earlier clients opened", async () => {
  const accounts = await Promise.all(Array.from({ length: 6 }, () => server.newAccount()));
  await describeInParallel(sandboxClients(server, accounts[0]));
  let opened = 0;
  const count = () => opened++;
  server.http.on("connection", count);
  try {
    for (const account of accounts.slice(1)) await describeInParallel(sandboxClients(server, account));
  } finally {
    server.http.off("connection", count);
  }
  // A pool per client opened PARALLEL_CALLS connections for each of the five.
  expect(opened).toBeLessThanOrEqual(PARALLEL_CALLS);
});
