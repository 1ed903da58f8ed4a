/**
 * Moments: found in the student's records as they happen (pure), and kept once per lab run in the
 * database with the diagram drawn at that moment; the student drops and reorders them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { openFreshTestDatabase, testDatabaseKinds } from "@/lib/db/testing";
import { createTestUser } from "@/lib/sandbox/testing";
import type { StudentRecords } from "./evidence";
import { lab1 } from "./lab1";
import { bringBackMoment, captureMoments, dropMoment, loadEarlierMoments, loadMomentDiagram, loadMoments, moveMoment, pinMoment } from "./moment-store";
import { detectMoments } from "./moments";
import { startNewLabRun, touchLabRun } from "./runs";
import type { StepContext } from "./steps";

const T0 = Date.parse("2026-03-02T10:00:00Z");
const REFUSAL = "No public IPv4 address assigned: with no public IPv4 address, EC2 Instance Connect cannot reach the instance.";
const LOST = `PING ${LAB1.instance2PrivateIp} (${LAB1.instance2PrivateIp}) 56(84) bytes of data.\n\n--- ${LAB1.instance2PrivateIp} ping statistics ---\n4 packets transmitted, 0 received, 100% packet loss, time 3069ms\n`;
const REPLIED = `PING ${LAB1.instance2PrivateIp} (${LAB1.instance2PrivateIp}) 56(84) bytes of data.\n64 bytes from ${LAB1.instance2PrivateIp}: icmp_seq=1 ttl=127 time=0.9 ms\n\n--- ${LAB1.instance2PrivateIp} ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time 3050ms\n`;

function lab1Records(offset = 0): StudentRecords {
  const ping = (minute: number, output: string) => ({ via: "terminal" as const, instanceId: LAB1.instance1, at: T0 + offset + minute * 60_000, command: `ping -c 4 ${LAB1.instance2PrivateIp}`, output, exitCode: received(output) ? 0 : 1 });
  return {
    refusals: [{ instanceId: LAB1.instance1, at: T0 + offset + 60_000, message: REFUSAL }],
    sessions: [{ instanceId: LAB1.instance1, at: T0 + offset + 3 * 60_000 }],
    runs: [ping(5, LOST), ping(6, LOST), ping(9, REPLIED)],
  };
}
const received = (output: string) => Number(/(\d+) received/.exec(output)?.[1]);

function context(records: StudentRecords): StepContext {
  return { snapshot: lab1Snapshot(), facts: {}, records };
}

describe("moments found in what the student did", () => {
  it("Lab 1: the refusal and why, the first connect, the first silent ping and the ping that got replies, with the exact output and the table that explains each", () => {
    const moments = detectMoments(lab1, context(lab1Records()), 0);
    expect(moments.map((moment) => [moment.kind, moment.at.toISOString()])).toEqual([
      ["connect-refused", "2026-03-02T10:01:00.000Z"],
      ["connected", "2026-03-02T10:03:00.000Z"],
      ["ping-failed", "2026-03-02T10:05:00.000Z"],
      ["ping-succeeded", "2026-03-02T10:09:00.000Z"],
    ]);
    const [refused, connected, failed, succeeded] = moments;
    expect(refused.output).toBe(`Failed to connect to your instance\n${REFUSAL}`);
    expect(connected.output).toBe(`Connected to ${LAB1.instance1}\n[ec2-user@ip-10-1-0-12 ~]$`);
    expect(failed.command).toBe(`ping -c 4 ${LAB1.instance2PrivateIp}`);
    expect(failed.output).toBe(LOST);
    expect(succeeded.output).toBe(REPLIED);
    // Instance 2's security group, the hop the ping is about; the path painted on the diagram.
    expect(failed.detail).toContain(`Security group lab1-vpc2-sg (${LAB1.sg2}) inbound rules`);
    expect(succeeded.highlight).toEqual({ ids: expect.arrayContaining([LAB1.instance1, LAB1.pcx, LAB1.instance2]), tone: "ok" });
  });

  it("leaves out what happened before the run started", () => {
    expect(detectMoments(lab1, context(lab1Records()), T0 + 4 * 60_000).map((moment) => moment.kind)).toEqual(["ping-failed", "ping-succeeded"]);
  });
});

describe.each(testDatabaseKinds())("moments kept per lab run on %s", (kind) => {
  // One database for the describe: each test makes its own users, so tests stay independent.
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ dispose } = await openFreshTestDatabase(kind));
  });
  afterAll(async () => {
    await dispose?.();
  });

  it("captures each moment once however often the lab is checked, with its diagram as SVG; a dropped moment stays dropped; the order is the student's", async () => {
    const userId = await createTestUser();
    const run = await touchLabRun(userId, "vpc-peering");
    const records = lab1Records(run.startedAt.getTime() - T0);
    expect(await captureMoments(userId, lab1, context(records))).toEqual(["connect-refused", "connected", "ping-failed", "ping-succeeded"]);
    expect(await captureMoments(userId, lab1, context(records))).toEqual([]);
    let moments = await loadMoments(userId, "vpc-peering");
    expect(moments.map((moment) => [moment.kind, moment.sectionId, moment.position])).toEqual([
      ["connect-refused", "troubleshooting-instance-connect", 1],
      ["connected", "elastic-ip", 2],
      ["ping-failed", "troubleshooting-ping", 3],
      ["ping-succeeded", "troubleshooting-ping", 4],
    ]);
    const svg = moments[2].diagramSvg;
    expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg\b/);
    expect(svg).not.toContain("foreignObject");
    expect(svg).toContain("lab1-vpc2-sg");

    expect(await dropMoment(userId, "vpc-peering", moments[1].id)).toBe(true);
    expect(await captureMoments(userId, lab1, context(records))).toEqual([]);
    expect(await moveMoment(userId, "vpc-peering", moments[3].id, "up")).toBe(true);
    moments = await loadMoments(userId, "vpc-peering");
    expect(moments.map((moment) => moment.kind)).toEqual(["connect-refused", "ping-succeeded", "ping-failed"]);
    expect(await moveMoment(userId, "vpc-peering", moments[0].id, "up")).toBe(false);
    // Another user's moments are not theirs to drop.
    const other = await createTestUser();
    expect(await dropMoment(other, "vpc-peering", moments[0].id)).toBe(false);
    // Drawing four diagrams takes a while on a loaded machine.
  }, 120_000);
});

const LAB = "vpc-peering";
const FIRST_RUN_AT = new Date("2026-12-03T08:00:00Z");

/** A user with a pinned ping in a first run, then a reset, then a pinned ping in the second. */
async function twoRuns(): Promise<string> {
  const userId = await createTestUser();
  await touchLabRun(userId, LAB);
  await pinMoment(userId, LAB, lab1Snapshot(), { title: "First run ping", stepId: "ping", command: `ping -c 4 ${LAB1.instance2PrivateIp}`, output: LOST }, FIRST_RUN_AT);
  await startNewLabRun(userId, LAB);
  await pinMoment(userId, LAB, lab1Snapshot(), { title: "Second run ping", stepId: "ping", command: `ping -c 4 ${LAB1.instance2PrivateIp}`, output: REPLIED });
  return userId;
}

describe.each(testDatabaseKinds())("a lab done again after a reset, on %s", (kind) => {
  // One database for the describe: each test makes its own users, so tests stay independent.
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ dispose } = await openFreshTestDatabase(kind));
  });
  afterAll(async () => {
    await dispose?.();
  });

  it("follows the new run in the write-up and lists the earlier run's moments, whose pictures are still served to their owner only", async () => {
    const userId = await twoRuns();
    expect((await loadMoments(userId, LAB)).map((moment) => moment.title)).toEqual(["Second run ping"]);
    const earlier = await loadEarlierMoments(userId, LAB);
    expect(earlier.map((moment) => [moment.title, moment.command, moment.output, moment.happenedAt.toISOString()])).toEqual([["First run ping", `ping -c 4 ${LAB1.instance2PrivateIp}`, LOST, FIRST_RUN_AT.toISOString()]]);
    expect(await loadMomentDiagram(userId, LAB, earlier[0].id)).toMatch(/^<\?xml[^>]*>\s*<svg\b/);
    expect(await loadMomentDiagram(await createTestUser(), LAB, earlier[0].id)).toBeUndefined();
  }, 120_000);

  it("brings an earlier moment into the write-up once, in its section, with its output and picture as they were", async () => {
    const userId = await twoRuns();
    const [earlier] = await loadEarlierMoments(userId, LAB);
    expect(await bringBackMoment(userId, LAB, earlier.id)).toBe(true);
    const shown = await loadMoments(userId, LAB);
    expect(shown.map((moment) => moment.title)).toEqual(["Second run ping", "First run ping"]);
    expect(shown[1]).toMatchObject({ sectionId: earlier.sectionId, command: earlier.command, output: LOST, happenedAt: FIRST_RUN_AT, pinned: true });
    expect(shown[1].diagramSvg).toBe(await loadMomentDiagram(userId, LAB, earlier.id));
    expect(await loadEarlierMoments(userId, LAB)).toEqual([]);
    expect(await bringBackMoment(userId, LAB, earlier.id)).toBe(false);
    expect(await loadMoments(userId, LAB)).toHaveLength(2);
  }, 120_000);

  it("brings back neither a moment of the run shown nor another user's", async () => {
    const userId = await twoRuns();
    const [current] = await loadMoments(userId, LAB);
    expect(await bringBackMoment(userId, LAB, current.id)).toBe(false);
    const [theirs] = await loadEarlierMoments(await twoRuns(), LAB);
    expect(await bringBackMoment(userId, LAB, theirs.id)).toBe(false);
    expect(await loadMoments(userId, LAB)).toHaveLength(1);
  }, 120_000);
});
