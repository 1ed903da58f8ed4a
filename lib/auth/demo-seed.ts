import crypto from "node:crypto";
import { countUsers, createUser } from "./users";

const DEMO_INSTRUCTOR = { name: "Demo Instructor", email: "instructor@vpclab.demo" };
const DEMO_STUDENT = { name: "Demo Student", email: "student@vpclab.demo" };

function randomPassword(): string {
  return crypto.randomBytes(12).toString("base64url");
}

/**
 * On the first start of an empty database, creates a demo instructor (first account, so
 * instructor) and a demo student with random passwords, and prints them once.
 * Returns the student's id when it created them.
 */
export async function seedDemoAccountsOnce(port: number): Promise<string | null> {
  const url = `http://localhost:${port}`;
  if ((await countUsers()) > 0) {
    console.log(`\nSign in at ${url}/sign-in with the demo accounts printed at first start, or create one at ${url}/sign-up.\n`);
    return null;
  }
  const instructorPassword = randomPassword();
  const studentPassword = randomPassword();
  await createUser({ ...DEMO_INSTRUCTOR, password: instructorPassword });
  const student = await createUser({ ...DEMO_STUDENT, password: studentPassword });
  console.log(
    [
      "",
      `Sign in at ${url}/sign-in (these passwords are shown only this once):`,
      `  instructor  ${DEMO_INSTRUCTOR.email}  ${instructorPassword}`,
      `  student     ${DEMO_STUDENT.email}  ${studentPassword}`,
      "",
    ].join("\n"),
  );
  return student.id;
}
