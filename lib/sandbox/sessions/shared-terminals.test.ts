import { AuthorizeSecurityGroupIngressCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPublicNetwork, FAST_TIMERS, launchInstance, type LaunchedInstance } from "@/lib/sandbox/scenarios/driver";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import type { SessionEvent } from "./session-events";
import { findSharedTerminal } from "./shared-terminals";
import { closeAllSessions, openInstanceConnectSession, type TerminalSession } from "./terminal-session";

/**
 * Another app process's view of a session is what findSharedTerminal gives (the one findTerminal
 * uses when the session is not in the process's own registry): here it is made in this process,
 * and reaches the shell only through the database and the event bus, as another process would.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("a terminal session reached through another app process (PostgreSQL)", () => {
  let server: SandboxServer;
  let account: TestAccount;
  let instance: LaunchedInstance;

  beforeAll(async () => {
    server = await startSandboxServer({ database: "postgres" });
    account = await server.newAccount();
    const ec2 = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
    const network = await buildPublicNetwork(ec2, "10.0.0.0/16", "10.0.0.0/24");
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: network.defaultGroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
    instance = await launchInstance(ec2, network, { publicIp: true });
  });
  afterAll(async () => {
    closeAllSessions();
    await server.close();
  });

  async function open(): Promise<TerminalSession> {
    const opened = await openInstanceConnectSession(account.accountId, instance.instanceId, "us-east-1", { timers: FAST_TIMERS });
    if (!opened.ok) throw new Error(opened.message);
    return opened.session;
  }

  /** Everything the remote view streams, and a wait for a text to appear in it. */
  function watch(events: SessionEvent[]) {
    const text = () => events.map((event) => event.chunk?.data ?? "").join("");
    const until = async (pattern: RegExp) => {
      for (let waited = 0; !pattern.test(text()); waited += 20) {
        if (waited > 10_000) throw new Error(`not seen in 10 s: ${pattern}; the stream so far: ${JSON.stringify(text())}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    return { text, until };
  }

  it("streams the shell's output from its first chunk, in order, and runs keys typed through it in the same shell", async () => {
    const session = await open();
    const remote = await findSharedTerminal(session.id, account.accountId);
    if (!remote) throw new Error("the session is not reachable from another process");
    expect(await findSharedTerminal(session.id, "999999999999")).toBeUndefined();

    const events: SessionEvent[] = [];
    const stop = remote.follow(0, (event) => events.push(event));
    const { text, until } = watch(events);
    await until(/~\]\$ $/);
    await remote.input("export GREETING=multi\r");
    await remote.input("echo $GREETING-process\r");
    // Up to the prompt after the answer: the shell prints it with the answer, the stream may bring it a moment later.
    await until(/echo \$GREETING-process\r\nmulti-process\r\n.*~\]\$ $/);
    expect(events.map((event) => event.chunk!.seq)).toEqual(events.map((_, index) => index + 1));
    expect(text()).toBe(session.transcript());
    stop();
  });

  it("hangs up the shell when closed through it, and the stream ends with the shell's exit", async () => {
    const session = await open();
    const remote = (await findSharedTerminal(session.id, account.accountId))!;
    const events: SessionEvent[] = [];
    remote.follow(0, (event) => events.push(event));
    await remote.close();
    for (let waited = 0; events.at(-1)?.kind !== "closed"; waited += 20) {
      if (waited > 10_000) throw new Error("the stream did not end");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(session.closed).toBe(true);
    expect(events.at(-1)).toEqual({ kind: "closed", exitCode: 129 });
    expect(await findSharedTerminal(session.id, account.accountId)).toBeUndefined();
  });
});
