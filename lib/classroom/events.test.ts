import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { listening } from "@/lib/db/events";
import { openFreshTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { type ClassroomChange, onClassroomChange } from "./events";

const ROOT = path.resolve(__dirname, "../..");

describe.skipIf(!process.env.TEST_DATABASE_URL)("classroom changes across app processes (postgres)", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openFreshTestDatabase("postgres");
  });
  afterEach(async () => {
    await database.dispose();
  });

  it("reach a class board's listener in this process when another process records a student's progress", async () => {
    const heard: ClassroomChange[] = [];
    const stop = onClassroomChange((change) => heard.push(change));
    await listening();
    const [{ name }] = await queryRows<{ name: string }>("select current_database() as name", []);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;

    const script =
      'import { openDatabase, closeDatabase } from "@/lib/db/client"; import { announceClassroomChange } from "@/lib/classroom/events";' +
      ' openDatabase().then(() => announceClassroomChange("student-1", "class-1")).then(() => new Promise((r) => setTimeout(r, 1000))).then(() => closeDatabase()).then(() => process.exit(0));';
    await promisify(execFile)(path.join(ROOT, "node_modules/.bin/tsx"), ["--eval", script], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url.toString() } });

    stop();
    expect(heard).toEqual([{ userId: "student-1", classId: "class-1" }]);
  }, 120_000);
});
