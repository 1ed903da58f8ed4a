/** A class's end tears down its students' labs with the labs' own teardown, once, and says why. */
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consoleSandboxForFile } from "@/lib/aws/testing-hooks";
import { clientsForUser } from "@/lib/aws/clients";
import { getDb } from "@/lib/db/client";
import { classStudents, users } from "@/lib/db/schema";
import { doLabStep } from "@/lib/labs/check";
import { findLabRun, touchLabRun } from "@/lib/labs/runs";
import { createClass, findClass, joinClass } from "./classes";
import { sweepEndedClasses } from "./end-of-class";

const sandbox = consoleSandboxForFile();

async function studentWithVpcs(): Promise<string> {
  const { userId } = await sandbox.server.newAccount();
  const run = await touchLabRun(userId, "vpc-peering");
  await doLabStep(await clientsForUser(userId, run), "vpc-peering", "vpcs");
  return userId;
}

async function vpcCount(userId: string): Promise<number> {
  const { Vpcs } = await (await clientsForUser(userId)).ec2.send(new DescribeVpcsCommand({}));
  return (Vpcs ?? []).filter((vpc) => !vpc.IsDefault).length;
}

describe("the end of a class", () => {
  it("tears down every student's labs of an ended class, records why, and marks the class ended", async () => {
    const teacher = await sandbox.server.newAccount();
    const db = await getDb();
    await db.update(users).set({ role: "instructor" }).where(eq(users.id, teacher.userId));
    const now = new Date();
    const ended = await createClass({ id: teacher.userId, role: "instructor" }, { name: "Morning", labIds: ["vpc-peering"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3, endsAt: new Date(now.getTime() - 1000) });
    const running = await createClass({ id: teacher.userId, role: "instructor" }, { name: "Afternoon", labIds: ["vpc-peering"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3, endsAt: new Date(now.getTime() + 3_600_000) });
    const [ada, grace] = [await studentWithVpcs(), await studentWithVpcs()];
    await db.insert(classStudents).values({ classId: ended.id, userId: ada });
    await joinClass({ id: grace }, running.joinCode);
    expect(await vpcCount(ada)).toBe(2);

    const outcomes = await sweepEndedClasses(now);
    expect(outcomes).toEqual([{ classId: ended.id, userId: ada, labId: "vpc-peering", deleted: expect.any(Number), left: 0 }]);
    expect(await vpcCount(ada)).toBe(0);
    expect(await vpcCount(grace)).toBe(2);
    expect((await findLabRun(ada, "vpc-peering"))?.lastTeardown).toMatchObject({ reason: "class-ended", className: "Morning", left: [] });
    expect((await findClass(ended.id))?.endedAt).toEqual(now);
    expect((await findClass(running.id))?.endedAt).toBeNull();

    // Once ended, the class is not swept again, and takes no one new.
    expect(await sweepEndedClasses(new Date())).toEqual([]);
    await expect(joinClass({ id: grace }, ended.joinCode)).rejects.toMatchObject({ code: "ClassEnded" });
  });
});
