/** Classes through their routes: who may see a board, join, removal, and what the board shows. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { openFreshTestDatabase } from "@/lib/db/testing";
import { createTestUser } from "@/lib/sandbox/testing";
import { addInstructor, classesTaughtBy, createClass, hintsAllowed, joinClass, removeStudent, requireClassInstructor, studentsOf } from "./classes";
import { loadBoard } from "./board";
import { summarizeBoard } from "./summary";
import { noteCurrentStep, recordCheckAttempt, recordHintOpened, recordVerdict } from "./recording";
import { forgetSteps, recordCompletedSteps, recordDoneForMe, saveStepRecord } from "@/lib/labs/progress";

const signedIn = vi.hoisted(() => ({ user: undefined as { id: string } | undefined }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<object>()), currentUser: async () => signedIn.user }));

let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ dispose } = await openFreshTestDatabase("pglite"));
});
afterAll(async () => {
  await dispose();
});

async function createInstructor(): Promise<{ id: string; role: "instructor"; email: string }> {
  const id = await createTestUser();
  const db = await getDb();
  const [row] = await db.update(users).set({ role: "instructor" }).where(eq(users.id, id)).returning();
  return { id, role: "instructor", email: row.email };
}

const settings = { labIds: ["vpc-peering"], hintsEnabled: true, stuckMinutes: 15, stuckFailedChecks: 3 };
const params = (classId: string) => ({ params: Promise.resolve({ classId }) });

async function getAs(userId: string, route: "board" | "csv", classId: string): Promise<Response> {
  signedIn.user = { id: userId };
  const abort = new AbortController();
  const response =
    route === "board"
      ? await (await import("@/app/api/classes/[classId]/board/route")).GET(new Request("http://console.test/", { signal: abort.signal }), params(classId))
      : await (await import("@/app/classes/[classId]/progress.csv/route")).GET(new Request("http://console.test/"), params(classId));
  if (response.status === 200 && route === "board") abort.abort();
  return response;
}

describe("classes", () => {
  it("lets a student join with the code (any case, dashes), and an instructor remove them", async () => {
    const teacher = await createInstructor();
    const klass = await createClass(teacher, { name: "Net 101", ...settings });
    expect(klass.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const student = await createTestUser();
    await joinClass({ id: student }, `${klass.joinCode.slice(0, 3).toLowerCase()}-${klass.joinCode.slice(3)}`);
    await joinClass({ id: student }, klass.joinCode);
    expect((await studentsOf(klass.id)).map((s) => s.id)).toEqual([student]);
    await expect(joinClass({ id: student }, "NOPE99")).rejects.toMatchObject({ code: "InvalidJoinCode" });

    await removeStudent(teacher.id, klass.id, student);
    expect(await studentsOf(klass.id)).toEqual([]);
  });

  it("shows a class only to its instructors: another class's instructor and a student are refused the board and the CSV", async () => {
    const teacher = await createInstructor();
    const other = await createInstructor();
    const klass = await createClass(teacher, { name: "Mine", ...settings });
    await createClass(other, { name: "Theirs", ...settings });
    const student = await createTestUser();
    await joinClass({ id: student }, klass.joinCode);

    expect((await classesTaughtBy(other.id)).map((c) => c.name)).toEqual(["Theirs"]);
    await expect(requireClassInstructor(other.id, klass.id)).rejects.toThrow("Only this class's instructors can see it.");
    await expect(removeStudent(other.id, klass.id, student)).rejects.toThrow("Only this class's instructors");
    expect(await studentsOf(klass.id)).toHaveLength(1);
    for (const route of ["board", "csv"] as const) {
      expect((await getAs(other.id, route, klass.id)).status).toBe(403);
      expect((await getAs(student, route, klass.id)).status).toBe(403);
      expect((await getAs(teacher.id, route, klass.id)).status).toBe(200);
    }

    // A second instructor added by the first sees it too.
    await addInstructor(teacher.id, klass.id, other.email);
    expect((await getAs(other.id, "csv", klass.id)).status).toBe(200);
    await expect(addInstructor(teacher.id, klass.id, "nobody@example.test")).rejects.toMatchObject({ code: "NotAnInstructor" });
  });

  it("puts each student's step, time on it, checks, hints and last test on the board", async () => {
    const teacher = await createInstructor();
    const klass = await createClass(teacher, { name: "Board", ...settings });
    const student = await createTestUser();
    await joinClass({ id: student }, klass.joinCode);
    const since = new Date("2026-12-03T09:00:00Z");
    await noteCurrentStep(student, "vpc-peering", ["vpcs", "peering"], since);
    await noteCurrentStep(student, "vpc-peering", ["vpcs", "peering"], new Date("2026-12-03T09:30:00Z"));
    await recordCheckAttempt(student, "vpc-peering", "routes", false);
    await recordCheckAttempt(student, "vpc-peering", "routes", false);
    await recordHintOpened(student, "vpc-peering", "routes");
    await recordVerdict(student, "vpc-peering", { kind: "ping", ok: false, blockedBy: "route-table rtb-1", at: "2026-12-03T09:40:00Z" });

    const [row] = (await loadBoard(klass)).rows;
    expect(row).toMatchObject({
      labId: "vpc-peering",
      stepNumber: 3,
      stepTitle: "Route each VPC to the other",
      // The clock restarts only when the step changes.
      stepSince: since.toISOString(),
      checkAttempts: 2,
      failedChecksInRow: 2,
      hintsUsed: 1,
      lastVerdict: { kind: "ping", ok: false, blockedBy: "route-table rtb-1" },
    });

    await recordCheckAttempt(student, "vpc-peering", "routes", true);
    await noteCurrentStep(student, "vpc-peering", ["vpcs", "peering", "routes"]);
    const [next] = (await loadBoard(klass)).rows;
    expect(next).toMatchObject({ stepNumber: 4, checkAttempts: 0, failedChecksInRow: 0, hintsUsed: 1 });
  });

  it("says how many of a student's completed steps Do it for me completed, and forgets them when a reset reopens them", async () => {
    const teacher = await createInstructor();
    const klass = await createClass(teacher, { name: "Helped", ...settings });
    const [ada, bob] = [await createTestUser(), await createTestUser()];
    for (const id of [ada, bob]) await joinClass({ id }, klass.joinCode);
    const complete = async (userId: string, stepId: string) => {
      await saveStepRecord(userId, "vpc-peering", { stepId, summary: "", config: "" });
      await recordCompletedSteps(userId, "vpc-peering", [stepId]);
    };
    // Ada makes the VPCs herself, then Do it for me peers them and routes them; Bob does Do it for me on a step he never completes.
    await complete(ada, "vpcs");
    for (const stepId of ["peering", "routes"]) {
      await recordDoneForMe(ada, "vpc-peering", stepId, new Date(Date.now() - 1000));
      await complete(ada, stepId);
    }
    await noteCurrentStep(ada, "vpc-peering", ["vpcs", "peering", "routes"]);
    await complete(bob, "vpcs");
    await recordDoneForMe(bob, "vpc-peering", "peering", new Date());
    await noteCurrentStep(bob, "vpc-peering", ["vpcs"]);

    const rowOf = async (id: string) => (await loadBoard(klass)).rows.find((row) => row.studentId === id)!;
    expect(await rowOf(ada)).toMatchObject({ stepNumber: 4, doneForMeSteps: 2 });
    expect(await rowOf(bob)).toMatchObject({ stepNumber: 2, doneForMeSteps: 0 });

    // Reset to step 3: the routes are hers to make again; the peering Do it for me made stays its.
    await forgetSteps(ada, "vpc-peering", ["routes"]);
    await noteCurrentStep(ada, "vpc-peering", ["vpcs", "peering"]);
    expect(await rowOf(ada)).toMatchObject({ stepNumber: 3, doneForMeSteps: 1 });
    const csv = await (await getAs(teacher.id, "csv", klass.id)).text();
    expect(csv.split("\r\n")[0]).toContain(",Hints used,Steps with Do it for me,");
  });

  it("hides the hints of a class's labs when the class runs without them", async () => {
    const teacher = await createInstructor();
    const klass = await createClass(teacher, { name: "No hints", ...settings, hintsEnabled: false });
    const student = await createTestUser();
    expect(await hintsAllowed(student, "vpc-peering")).toBe(true);
    await joinClass({ id: student }, klass.joinCode);
    expect(await hintsAllowed(student, "vpc-peering")).toBe(false);
    expect(await hintsAllowed(student, "vpc-endpoints")).toBe(true);
  });

  it("sums the class up for presenter mode: students per step, finished, stuck, not started", async () => {
    const teacher = await createInstructor();
    const klass = await createClass(teacher, { name: "Summary", ...settings });
    const [ada, bob, cy] = [await createTestUser(), await createTestUser(), await createTestUser()];
    for (const id of [ada, bob, cy]) await joinClass({ id }, klass.joinCode);
    await noteCurrentStep(ada, "vpc-peering", ["vpcs", "peering", "routes", "instances", "connect", "ping"]);
    await noteCurrentStep(bob, "vpc-peering", ["vpcs"], new Date("2026-12-03T09:00:00Z"));
    const summary = summarizeBoard(await loadBoard(klass), "vpc-peering", Date.parse("2026-12-03T09:20:00Z"));
    expect(summary).toMatchObject({ className: "Summary", students: 3, notStarted: 1, finished: 1, stuck: 1 });
    expect(summary.atStep.map((step) => step.students)).toEqual([0, 1, 0, 0, 0, 0]);
  });
});
