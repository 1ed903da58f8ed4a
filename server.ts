/**
 * The Node server: `/aws` goes to the embedded AWS sandbox, everything else to Next.
 *
 * The sandbox is served ahead of Next's router on purpose: Next redirects paths with `//`
 * and trailing slashes, resolves `.`/`..` segments, rewrites query strings and strips
 * Content-Length from route-handler responses, each of which breaks SigV4 or the AWS CLI
 * (see docs/architecture.md, "Wire facts").
 */
import http from "node:http";
import next from "next";
import { port } from "@/lib/config";
import { openDatabase } from "@/lib/db/client";
import { ensureSharedAuthSecret } from "@/lib/auth/secret";
import { seedDemoAccountsOnce } from "@/lib/auth/demo-seed";
import { flushActivity } from "@/lib/sandbox/core/activity";
import { sandboxFaults } from "@/lib/sandbox/core/faults";
import { sandboxDelays } from "@/lib/sandbox/core/settings";
import { requestAddress } from "@/lib/security/socket-address";
import { refuseOversizedBody } from "@/lib/security/request-size";
import { handleSandboxRequest, isSandboxRequest } from "@/lib/sandbox/http";
import { keepConnectionsAliveSafely } from "@/lib/sandbox/core/keep-alive";
import { idleTeardownMinutes, startIdleTeardownTimer } from "@/lib/labs/idle-teardown";
import { startEndOfClassTimer } from "@/lib/classroom/end-of-class";
import { startBlobSweep } from "@/lib/sandbox/s3/model/blobs";
import { takeRootContext } from "@/lib/outside-request";

async function main() {
  const dev = process.argv.includes("--dev");
  // Before any request: the context cached work runs in (lib/outside-request.ts) holds none.
  takeRootContext();
  const listenPort = port();
  const hostname = process.env.HOST ?? "0.0.0.0";

  // A bad VPCLAB_SANDBOX_DELAYS or VPCLAB_SANDBOX_FAULTS stops the start, naming the value.
  sandboxDelays();
  sandboxFaults();
  await openDatabase();
  await ensureSharedAuthSecret();
  // Before serving: with the embedded database, every blob still being written is a crash's leftover.
  const stopBlobSweep = await startBlobSweep();

  const app = next({ dev, hostname: "localhost", port: listenPort, turbopack: dev });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    if (isSandboxRequest(req)) {
      void handleSandboxRequest(req, res);
      return;
    }
    if (refuseOversizedBody(req, res)) return;
    // Actions throttle sign-ins per address: the socket's, or what a trusted load balancer says.
    req.headers["x-vpclab-client-address"] = requestAddress(req);
    void handleNext(req, res);
  });
  keepConnectionsAliveSafely(server);
  await new Promise<void>((resolve) => server.listen(listenPort, hostname, resolve));

  console.log(`VPC Lab is serving http://localhost:${listenPort} (AWS sandbox at http://localhost:${listenPort}/aws)`);
  if (process.env.VPCLAB_SEED_DEMO === "1") await seedDemoAccountsOnce(listenPort);
  const idleMinutes = idleTeardownMinutes();
  const stopIdleTeardown = startIdleTeardownTimer(idleMinutes);
  const stopEndOfClass = startEndOfClassTimer();
  if (idleMinutes !== undefined) console.log(`Labs idle for ${idleMinutes} minutes are torn down (VPCLAB_IDLE_TEARDOWN_MINUTES).`);

  // The activity log is written in batches: write the last one before leaving.
  const stop = () => {
    stopIdleTeardown();
    stopEndOfClass();
    stopBlobSweep();
    server.close(() => void flushActivity().finally(() => process.exit(0)));
    // Live-update streams never end by themselves.
    server.closeAllConnections();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Started with --expose-gc (npm run load starts it so), SIGUSR2 runs a full collection: a memory
  // reading taken after it counts what the accounts hold, not garbage no collection has reclaimed yet.
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) process.on("SIGUSR2", () => collect());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
