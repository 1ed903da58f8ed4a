/**
 * Break it for a class, through the board's server action: only the class's instructors may, only
 * the class's students who completed the lab are broken, and the board shows each challenge —
 * the fault, fixed or not, how long it took, help asked — announced to the live board as it happens.
 */
import { AuthorizeSecurityGroupIngressCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { consoleSandboxForFile, inProcessEc2ReadsDuring } from "@/lib/aws/testing-hooks";
import { clientsForUser } from "@/lib/aws/clients";
import { getDb, queryRows } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { checkFaultFix, showWhereItBreaks } from "@/lib/labs/break-it";
import { latestFaultOf } from "@/lib/labs/break-it/records";
import { doWholeLab, labDefinition } from "@/lib/labs/check";
import { lab1Resources } from "@/lib/labs/lab1/resources";
import { recordCompletedSteps } from "@/lib/labs/progress";
import { withLabRunLock } from "@/lib/labs/run-lock";
import { readSnapshot } from "@/lib/labs/read-account";
import { ensureSandboxAccount } from "@/lib/sandbox/accounts";
import { listActivity } from "@/lib/sandbox/core/activity";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { loadBoard } from "./board";
import { createClass, joinClass } from "./classes";
import { onClassroomChange } from "./events";

const request = vi.hoisted(() => ({ user: undefined as unknown }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  currentUser: async () => request.user,
  requireUserOrThrow: async () => request.user,
}));

const sandbox = consoleSandboxForFile();
// Registered after the sandbox's own hooks, so it runs before the server closes.
afterAll(async () => commandRunsSettled());

async function instructorAccount(): Promise<{ id: string; role: "instructor" }> {
  const { userId } = await sandbox.server.newAccount();
  const db = await getDb();
  await db.update(users).set({ role: "instructor" }).where(eq(users.id, userId));
  return { id: userId, role: "instructor" };
}

/** A student who built Lab 1 with Do it for me: every step recorded as completed. */
async function studentWithCompletedLab(): Promise<string> {
  const { userId } = await sandbox.server.newAccount();
  await doWholeLab(await clientsForUser(userId, { labId: "vpc-peering" }), "vpc-peering");
  await recordCompletedSteps(userId, "vpc-peering", labDefinition("vpc-peering").steps.map((step) => step.id));
  return userId;
}

async function instancesRunning(userId: string): Promise<number> {
  const { Reservations } = await (await clientsForUser(userId)).ec2.send(new DescribeInstancesCommand({}));
  return (Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []).filter((instance) => instance.State?.Name === "running").length;
}

async function breakItForClass(as: unknown, values: Record<string, string>) {
  request.user = as;
  const { applyClassFaultAction } = await import("@/lib/actions/classes");
  const form = new FormData();
  for (const [name, value] of Object.entries(values)) form.set(name, value);
  return applyClassFaultAction({}, form);
}

/** The class's progress CSV as its instructor downloads it from the board. */
async function progressCsvAs(as: unknown, classId: string): Promise<string> {
  request.user = as;
  const { GET } = await import("@/app/classes/[classId]/progress.csv/route");
  const response = await GET(new Request("http://console.test/"), { params: Promise.resolve({ classId }) });
  expect(response.status).toBe(200);
  return response.text();
}

describe("Break it for a class", () => {
  it("breaks only the completed labs of the class's students, for its instructors only, and the board follows the fix", async () => {
    const teacher = await instructorAccount();
    const otherTeacher = await instructorAccount();
    const klass = await createClass(teacher, { name: "Net 101", labIds: ["vpc-peering"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3 });
    const [ada, outsider] = [await studentWithCompletedLab(), await studentWithCompletedLab()];
    const { userId: bob } = await sandbox.server.newAccount();
    await joinClass({ id: ada }, klass.joinCode);
    await joinClass({ id: bob }, klass.joinCode);
    const fault = { classId: klass.id, labId: "vpc-peering", fault: "icmp-rule-deleted" };

    // Another class's instructor and a student are refused, and nothing is broken.
    expect(await breakItForClass(otherTeacher, fault)).toEqual({ error: "Only this class's instructors can see it." });
    expect(await breakItForClass({ id: ada, role: "student" }, fault)).toEqual({ error: "Only this class's instructors can see it." });
    expect(await latestFaultOf(ada, "vpc-peering")).toBeUndefined();
    expect(await breakItForClass(teacher, { ...fault, labId: "vpc-endpoints" })).toEqual({ error: "VPC Endpoints is not one of this class's labs." });

    const announced: string[] = [];
    const stopListening = onClassroomChange((change) => announced.push(change.userId));
    try {
      expect(await breakItForClass(teacher, fault)).toEqual({ done: "Broke 1 lab. 1 student has not completed the lab." });
      // Ada's board row says so at once; the student outside the class is untouched.
      expect(announced).toContain(ada);
      expect(await latestFaultOf(outsider, "vpc-peering")).toBeUndefined();
      const outsiderGroups = await (await clientsForUser(outsider)).ec2.send(new DescribeSecurityGroupsCommand({}));
      expect(outsiderGroups.SecurityGroups?.some((group) => group.IpPermissions?.some((rule) => rule.IpProtocol === "icmp"))).toBe(true);
      expect(await instancesRunning(outsider)).toBe(2);

      const adaRow = async () => (await loadBoard(klass)).rows.find((row) => row.studentId === ada)!;
      expect((await adaRow()).challenge).toMatchObject({ faultId: "icmp-rule-deleted", faultTitle: "Delete the ICMP rule of instance 2's security group", byInstructor: true, fixed: false, secondsToFix: null, helpRequests: 0 });
      expect((await loadBoard(klass)).rows.find((row) => row.studentId === bob)!.challenge).toBeNull();

      // A second round leaves her alone while her challenge is open.
      expect(await breakItForClass(teacher, { ...fault, fault: "random" })).toEqual({ done: "Broke 0 labs. Left alone: 1 (ChallengeInProgress). 1 student has not completed the lab." });

      // She asks where it breaks (counted), then fixes it her own way: all traffic from instance 1's address, not the ICMP rule back.
      announced.length = 0;
      const clients = await clientsForUser(ada, { labId: "vpc-peering" });
      await showWhereItBreaks(ada, clients, "vpc-peering");
      expect(announced).toEqual([ada]);
      expect((await adaRow()).challenge).toMatchObject({ helpRequests: 1, fixed: false });
      const { side1, side2 } = lab1Resources(await readSnapshot(clients));
      await clients.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: side2.securityGroup!.GroupId, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: `${side1.instance!.PrivateIpAddress}/32` }] }] }));
      expect((await checkFaultFix(ada, clients, "vpc-peering")).test.passing).toBe(true);
      expect(announced).toEqual([ada, ada]);
      const fixed = (await adaRow()).challenge!;
      expect(fixed).toMatchObject({ fixed: true, helpRequests: 1, closedBy: null });
      expect(fixed.secondsToFix).toBeGreaterThanOrEqual(0);

      // The class's CSV carries her challenge: the fault, set by the instructor, when, fixed, how fast, help asked; Bob's cells are empty.
      const csvLines = (await progressCsvAs(teacher, klass.id)).split("\r\n");
      expect(csvLines[0]).toMatch(/,Break it fault,Break it set by,Break it applied at,Break it outcome,Break it seconds to fix,Break it help asked$/);
      expect(csvLines.find((line) => line.includes(",Delete the ICMP rule"))).toMatch(
        new RegExp(`,Delete the ICMP rule of instance 2's security group,instructor,${fixed.appliedAt.replace(/\./g, "\\.")},fixed,${fixed.secondsToFix},1$`),
      );
      expect(csvLines.filter((line) => line.endsWith(",,,,,,"))).toHaveLength(1);
    } finally {
      stopListening();
    }
  });

  it("reads each student's account once with the network's Describe calls (Lab 1 judges no S3), and leaves a student whose lab is busy alone for the round", async () => {
    const teacher = await instructorAccount();
    const klass = await createClass(teacher, { name: "Net 102", labIds: ["vpc-peering"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3 });
    const [ada, bob] = [await studentWithCompletedLab(), await studentWithCompletedLab()];
    for (const student of [ada, bob]) await joinClass({ id: student }, klass.joinCode);
    const fault = { classId: klass.id, labId: "vpc-peering", fault: "icmp-rule-deleted" };

    // Bob's Do it for me (or Reset, or Tear down) is running: the round leaves his lab alone.
    let finishBobsRun!: () => void;
    const bobsRun = withLabRunLock(bob, "vpc-peering", () => new Promise<void>((resolve) => (finishBobsRun = resolve)));
    const roundStart = new Date();
    const { accountId } = await ensureSandboxAccount(ada);
    const ec2Reads = await inProcessEc2ReadsDuring(accountId, async () => {
      expect(await breakItForClass(teacher, fault)).toEqual({ done: "Broke 1 lab. Left alone: 1 (RunInProgress)." });
    });
    finishBobsRun();
    await bobsRun;

    // Ada's lab: one read of what a ping and Instance Connect cross (no VPC endpoints, prefix lists or buckets; in process), then the one change.
    expect(ec2Reads).toEqual({ network: 1, endpoints: 0 });
    const calls = (await listActivity(accountId, { since: roundStart })).map((call) => `${call.service}:${call.action}`);
    expect(calls).toEqual(["ec2:RevokeSecurityGroupIngress"]);

    // Once Bob's run ends, the next round breaks his lab; no lease outlives a round.
    expect(await breakItForClass(teacher, fault)).toEqual({ done: "Broke 1 lab. Left alone: 1 (ChallengeInProgress)." });
    expect((await latestFaultOf(bob, "vpc-peering"))?.faultId).toBe("icmp-rule-deleted");
    expect(await queryRows("select * from lab_run_locks", [])).toEqual([]);
  }, 120_000);
});
