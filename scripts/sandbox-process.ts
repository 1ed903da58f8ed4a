/**
 * One app process's sandbox, for the tests of several processes on one PostgreSQL database
 * (lib/sandbox/multi-process.test.ts): serves /aws on an ephemeral loopback port over DATABASE_URL,
 * prints `{"port":N}` once listening, then one `{"change":…}` line per state change its listeners
 * hear (made by this process or another).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "@/lib/db/client";
import { listening } from "@/lib/db/events";
import { keepConnectionsAliveSafely } from "@/lib/sandbox/core/keep-alive";
import { onSandboxChange } from "@/lib/sandbox/core/state-store";
import { handleSandboxRequest, isSandboxRequest } from "@/lib/sandbox/http";

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL must name the shared PostgreSQL database");
  await openDatabase();
  onSandboxChange((change) => process.stdout.write(`${JSON.stringify({ change })}\n`));
  await listening();
  const server = http.createServer((req, res) => {
    if (isSandboxRequest(req)) void handleSandboxRequest(req, res);
    else res.writeHead(404, { "Content-Type": "text/plain" }).end("not the sandbox");
  });
  keepConnectionsAliveSafely(server);
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
