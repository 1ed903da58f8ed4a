/**
 * Looking over a student's shoulder reads their console and changes nothing: not their account,
 * not their lab run's idle clock; an action posted from the read-only view is refused.
 */
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { consoleSandboxForFile } from "@/lib/aws/testing-hooks";
import { clientsForUser } from "@/lib/aws/clients";
import { getDb } from "@/lib/db/client";
import { labRuns, users } from "@/lib/db/schema";
import { doLabStep } from "@/lib/labs/check";
import { findLabRun, touchLabRun } from "@/lib/labs/runs";
import { saveStepNote } from "@/lib/labs/progress";
import { createClass, joinClass } from "./classes";
import { listStudentBucketObjects, loadForProjector, loadShoulderData } from "./shoulder";

const request = vi.hoisted(() => ({ user: undefined as unknown, referer: null as string | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  currentUser: async () => request.user,
  requireUserOrThrow: async () => request.user,
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers(request.referer ? { referer: request.referer } : {}) }));

const sandbox = consoleSandboxForFile();

async function vpcNames(userId: string): Promise<string[]> {
  const { Vpcs } = await (await clientsForUser(userId)).ec2.send(new DescribeVpcsCommand({}));
  return (Vpcs ?? []).filter((vpc) => !vpc.IsDefault).map((vpc) => vpc.Tags?.find((tag) => tag.Key === "Name")?.Value ?? "").sort();
}

describe("looking over a student's shoulder", () => {
  it("reads the student's diagram, steps and write-up draft, refuses writes from the view, and leaves the idle clock alone", async () => {
    const db = await getDb();
    const teacher = await sandbox.server.newAccount();
    const [instructor] = await db.update(users).set({ role: "instructor" }).where(eq(users.id, teacher.userId)).returning();
    const student = await sandbox.server.newAccount();
    const klass = await createClass(instructor, { name: "Net 101", labIds: ["vpc-peering"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3 });
    await joinClass({ id: student.userId }, klass.joinCode);
    const run = await touchLabRun(student.userId, "vpc-peering");
    await doLabStep(await clientsForUser(student.userId, run), "vpc-peering", "vpcs");
    await saveStepNote(student.userId, "vpc-peering", "vpcs", "Two /16s that do not overlap.");
    const idleSince = new Date("2026-12-03T08:00:00Z");
    await db.update(labRuns).set({ touchedAt: idleSince }).where(eq(labRuns.userId, student.userId));

    const seen = await loadShoulderData(instructor.id, klass.id, student.userId);
    expect(seen.snapshot.vpcs.filter((vpc) => !vpc.IsDefault)).toHaveLength(2);
    expect(seen.steps[0]).toEqual({ id: "vpcs", title: "Create two VPCs", done: false, note: "Two /16s that do not overlap." });
    await expect(loadForProjector(instructor.id, klass.id, student.userId)).rejects.toThrow("has not agreed to be shown on the projector");

    // The instructor clicks a write in the read-only view: refused before anything happens.
    request.user = instructor;
    request.referer = `http://console.test/classes/${klass.id}/students/${student.userId}`;
    const { createVpcAction } = await import("@/lib/actions/create-vpc");
    const refused = await createVpcAction({ name: "sneaky", cidr: "10.9.0.0/16" });
    expect(refused).toEqual({ ok: false, error: { code: "ReadOnlyView", message: "This is a read-only view of a student's console: nothing can be changed from it." } });
    expect(await vpcNames(teacher.userId)).toEqual([]);
    expect(await findLabRun(teacher.userId, "vpc-peering")).toBeUndefined();

    expect(await vpcNames(student.userId)).toHaveLength(2);
    expect((await findLabRun(student.userId, "vpc-peering"))?.touchedAt).toEqual(idleSince);

    // The same action from the instructor's own console goes through (the view is what refuses).
    request.referer = "http://console.test/labs/vpc-peering";
    expect(await createVpcAction({ name: "mine", cidr: "10.9.0.0/16" })).toMatchObject({ ok: true });
    expect(await vpcNames(teacher.userId)).toEqual(["mine"]);
  });

  it("is refused to an instructor of another class", async () => {
    const db = await getDb();
    const [mine, theirs] = [await sandbox.server.newAccount(), await sandbox.server.newAccount()];
    await db.update(users).set({ role: "instructor" }).where(eq(users.id, mine.userId));
    await db.update(users).set({ role: "instructor" }).where(eq(users.id, theirs.userId));
    const student = await sandbox.server.newAccount();
    const klass = await createClass({ id: mine.userId, role: "instructor" }, { name: "Mine", labIds: ["vpc-peering"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3 });
    await joinClass({ id: student.userId }, klass.joinCode);
    await expect(loadShoulderData(theirs.userId, klass.id, student.userId)).rejects.toThrow("Only this class's instructors can see it.");
    await expect(loadShoulderData(student.userId, klass.id, student.userId)).rejects.toThrow("Only this class's instructors can see it.");
  });
  it("lists a bucket's objects with the student's account, leaving their idle clock alone", async () => {
    const db = await getDb();
    const teacher = await sandbox.server.newAccount();
    await db.update(users).set({ role: "instructor" }).where(eq(users.id, teacher.userId));
    const student = await sandbox.server.newAccount();
    const klass = await createClass({ id: teacher.userId, role: "instructor" }, { name: "S3 101", labIds: ["vpc-endpoints"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3 });
    await joinClass({ id: student.userId }, klass.joinCode);
    await touchLabRun(student.userId, "vpc-endpoints");
    const idleSince = new Date("2026-12-03T08:00:00Z");
    await db.update(labRuns).set({ touchedAt: idleSince }).where(eq(labRuns.userId, student.userId));
    const [theirs, mine] = [`student-bucket-${student.userId.slice(0, 8)}`, `teacher-bucket-${teacher.userId.slice(0, 8)}`];
    const studentS3 = (await clientsForUser(student.userId)).s3;
    await studentS3.send(new CreateBucketCommand({ Bucket: theirs }));
    await studentS3.send(new PutObjectCommand({ Bucket: theirs, Key: "welcome.txt", Body: "hi" }));
    const teacherS3 = (await clientsForUser(teacher.userId)).s3;
    await teacherS3.send(new CreateBucketCommand({ Bucket: mine }));
    await teacherS3.send(new PutObjectCommand({ Bucket: mine, Key: "answers.txt", Body: "secret" }));

    const listed = await listStudentBucketObjects(teacher.userId, klass.id, student.userId, theirs);
    expect(listed).toMatchObject({ ok: true, data: { objects: [{ key: "welcome.txt", size: 2 }], truncated: false } });
    // The instructor's own bucket is not the student's to show: S3 answers with the student's credentials.
    expect(await listStudentBucketObjects(teacher.userId, klass.id, student.userId, mine)).toMatchObject({ ok: false, error: { code: "AccessDenied" } });
    expect((await findLabRun(student.userId, "vpc-endpoints"))?.touchedAt).toEqual(idleSince);
    const stranger = await sandbox.server.newAccount();
    await expect(listStudentBucketObjects(stranger.userId, klass.id, student.userId, theirs)).rejects.toThrow("Only this class's instructors can see it.");
  });
});
