import crypto from "node:crypto";
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from "@aws-sdk/client-ec2";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { terminalOutput, terminalSessions } from "@/lib/db/schema";
import { buildPublicNetwork, FAST_TIMERS, launchInstance, type LaunchedInstance } from "@/lib/sandbox/scenarios/driver";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import type { SessionEvent } from "./session-events";
import { findSharedTerminal, LOST_CHECK_MS, openSharedSessionIds, OWNER_HEARTBEAT_MS } from "./shared-terminals";
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

  async function open(idleTimeoutMs?: number): Promise<TerminalSession> {
    const opened = await openInstanceConnectSession(account.accountId, instance.instanceId, "us-east-1", { timers: FAST_TIMERS, idleTimeoutMs });
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

  async function until(condition: () => boolean | Promise<boolean>, withinMs: number, what: string): Promise<void> {
    for (const started = Date.now(); !(await condition()); await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    }
  }

  /** A session as another app process leaves it: its row, two chunks of output, its owner last seen now. */
  async function sessionOfAnotherProcess(): Promise<string> {
    const db = await getDb();
    const id = crypto.randomUUID();
    await db.insert(terminalSessions).values({ id, accountId: account.accountId, instanceId: instance.instanceId, openedAt: new Date(), owner: "other-host/4242" });
    await db.insert(terminalOutput).values([
      { sessionId: id, seq: 1, data: "[ec2-user@ip-10-0-0-9 ~]$ " },
      { sessionId: id, seq: 2, data: "ping 10.1.0.5\r\n" },
    ]);
    return id;
  }

  async function ownerLastSeen(id: string, secondsAgo: number): Promise<void> {
    const db = await getDb();
    await db.update(terminalSessions).set({ ownerSeenAt: sql`now() - make_interval(secs => ${secondsAgo})` }).where(eq(terminalSessions.id, id));
  }

  it("ends a session whose app process died: its stream gets the output written, then a lost end, and the account no longer counts it", async () => {
    const id = await sessionOfAnotherProcess();
    const remote = (await findSharedTerminal(id, account.accountId))!;
    expect(remote).toBeDefined();
    const events: SessionEvent[] = [];
    const stop = remote.follow(0, (event) => events.push(event));
    await until(() => events.length === 2, 5000, "the output written before the process died");
    expect(await openSharedSessionIds(account.accountId)).toContain(id);

    // The process is killed: it no longer refreshes its sessions.
    await ownerLastSeen(id, 60);
    await until(() => events.at(-1)?.kind === "closed", LOST_CHECK_MS + 3000, "the stream's end");
    expect(events).toEqual([
      { kind: "output", chunk: { seq: 1, data: "[ec2-user@ip-10-0-0-9 ~]$ " } },
      { kind: "output", chunk: { seq: 2, data: "ping 10.1.0.5\r\n" } },
      { kind: "closed", lost: true },
    ]);
    expect(await findSharedTerminal(id, account.accountId)).toBeUndefined();
    expect(await openSharedSessionIds(account.accountId)).not.toContain(id);
    stop();
  });

  it("ends a dead process's session when it is looked up or counted, with no stream following it", async () => {
    const looked = await sessionOfAnotherProcess();
    const counted = await sessionOfAnotherProcess();
    await ownerLastSeen(looked, 60);
    await ownerLastSeen(counted, 60);
    expect(await findSharedTerminal(looked, account.accountId)).toBeUndefined();
    expect(await openSharedSessionIds(account.accountId)).not.toContain(counted);
    const db = await getDb();
    const rows = await db.select({ closedAt: terminalSessions.closedAt, ownerLost: terminalSessions.ownerLost }).from(terminalSessions).where(eq(terminalSessions.id, counted));
    expect(rows[0]).toMatchObject({ closedAt: expect.any(Date), ownerLost: true });
  });

  it("keeps a live process's sessions alive, and hangs up its own shell if another process ended it as lost", async () => {
    const session = await open(10 * 60 * 1000 * 1000);
    // Its last refresh looks old (the database was out of reach a while); the next heartbeat renews it.
    await ownerLastSeen(session.id, 8);
    await new Promise((resolve) => setTimeout(resolve, OWNER_HEARTBEAT_MS + 500));
    expect(await findSharedTerminal(session.id, account.accountId)).toBeDefined();
    expect(session.closed).toBe(false);

    const db = await getDb();
    await db.update(terminalSessions).set({ closedAt: new Date(), ownerLost: true }).where(eq(terminalSessions.id, session.id));
    await until(() => session.closed, OWNER_HEARTBEAT_MS + 2000, "the shell hung up");
  });
});
