import fs from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxServer, type SandboxServer, type TestAccount } from "../testing";
import { KEEP_ALIVE_TIMEOUT_MS } from "./keep-alive";

/** Holds the event loop for `ms` once the socket's next write has gone out, as a burst of other tenants' calls does. */
function holdLoopAfterNextWrite(socket: Socket, ms: number): void {
  const write = socket.write;
  socket.write = function (this: Socket, ...args: Parameters<Socket["write"]>) {
    socket.write = write;
    process.nextTick(() => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    });
    return write.apply(this, args);
  } as Socket["write"];
}

/** Sends from an I/O callback (the loop's poll phase), where a long turn of the server's loop begins. */
const fromIoCallback = <T>(send: () => Promise<T>) => new Promise<T>((resolve, reject) => fs.stat(".", () => send().then(resolve, reject)));

describe("keep-alive connections", () => {
  let sandbox: SandboxServer;
  let account: TestAccount;
  beforeAll(async () => {
    sandbox = await startSandboxServer();
    account = await sandbox.newAccount();
  });
  afterAll(async () => sandbox.close());

  it("answers a call sent on a pooled connection in time, though the server's loop was held past the idle timeout", async () => {
    // The 65 s timeout made 2 s (the shortest Node's agent still reuses a connection for), so the test holds the loop 3.5 s, not a minute.
    sandbox.http.keepAliveTimeout = 2000;
    try {
      const agent = new http.Agent({ keepAlive: true });
      const sts = new STSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: account.credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpAgent: agent }) });
      const freed = new Promise<Socket>((resolve) => agent.once("free", resolve));
      await sts.send(new GetCallerIdentityCommand({}));
      const pooled = await freed;
      holdLoopAfterNextWrite(pooled, 3500);
      const second = await fromIoCallback(() => sts.send(new GetCallerIdentityCommand({})));
      expect(second.Account).toBe(account.accountId);
      expect(pooled.destroyed).toBe(false);
      agent.destroy();
    } finally {
      sandbox.http.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    }
  });
});
