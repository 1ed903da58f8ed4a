import { AuthorizeSecurityGroupIngressCommand, EC2Client, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Timers } from "@/lib/sandbox/hosts";
import { buildPublicNetwork, FAST_TIMERS, launchInstance, typeLine, type LaunchedInstance } from "@/lib/sandbox/scenarios/driver";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { closeAllSessions, findSession, MAX_SESSIONS_PER_ACCOUNT, openInstanceConnectSession } from "./terminal-session";

let server: SandboxServer;
let account: TestAccount;
let ec2: EC2Client;
let instance: LaunchedInstance;

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  ec2 = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
  const network = await buildPublicNetwork(ec2, "10.0.0.0/16", "10.0.0.0/24");
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: network.defaultGroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  instance = await launchInstance(ec2, network, { publicIp: true });
});
afterAll(async () => {
  closeAllSessions();
  await server.close();
});

/** Timers the test fires by hand (for the idle timeout). */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (callback) => (pending.set(++next, callback), next),
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return { timers, fireAll: () => [...pending.values()].forEach((callback) => callback()) };
}

describe("openInstanceConnectSession", () => {
  it("refuses an unknown instance", async () => {
    expect(await openInstanceConnectSession(account.accountId, "i-0123456789abcdef0", "us-east-1")).toEqual({
      ok: false,
      reason: "instance-not-found",
      message: "Instance i-0123456789abcdef0 does not exist in this account and region.",
    });
  });

  it("numbers its output so a reconnecting browser resumes, and is found only by its own account", async () => {
    const opened = await openInstanceConnectSession(account.accountId, instance.instanceId, "us-east-1", { timers: FAST_TIMERS });
    if (!opened.ok) throw new Error(opened.message);
    const session = opened.session;
    expect(session.outputSince(0).chunks[0]).toMatchObject({ seq: 1 });
    const seen = session.sequence - 1;
    await typeLine(session, "echo resumed");
    const resumed = session.outputSince(seen);
    expect(resumed.missed).toBe(false);
    expect(resumed.chunks.map((chunk) => chunk.data).join("")).toMatch(/^echo resumed\r\nresumed\r\n\[ec2-user@ip-10-0-0-\d+ ~\]\$ $/);
    expect(findSession(session.id, account.accountId)).toBe(session);
    expect(findSession(session.id, "999999999999")).toBeUndefined();
    const events: string[] = [];
    session.subscribe((event) => events.push(event.kind));
    session.close();
    expect(session.closed).toBe(true);
    expect(events).toEqual(["closed"]);
    expect(findSession(session.id, account.accountId)).toBeUndefined();
  });

  it("closes after the idle timeout, and opening more than the limit closes the oldest", async () => {
    const { timers, fireAll } = manualTimers();
    const idle = await openInstanceConnectSession(account.accountId, instance.instanceId, "us-east-1", { timers, idleTimeoutMs: 1000 });
    if (!idle.ok) throw new Error(idle.message);
    fireAll();
    expect(idle.session.closed).toBe(true);

    const opened = [];
    for (let n = 0; n <= MAX_SESSIONS_PER_ACCOUNT; n++) {
      const result = await openInstanceConnectSession(account.accountId, instance.instanceId, "us-east-1", { timers: FAST_TIMERS });
      if (!result.ok) throw new Error(result.message);
      opened.push(result.session);
    }
    expect(opened[0].closed).toBe(true);
    expect(opened.slice(1).every((session) => !session.closed)).toBe(true);
  });

  it("is refused once the instance is stopped", async () => {
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instance.instanceId] }));
    const refused = await openInstanceConnectSession(account.accountId, instance.instanceId, "us-east-1");
    expect(refused).toMatchObject({ ok: false, reason: "instance-not-running" });
  });
});
