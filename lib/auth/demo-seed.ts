import "server-only";
import crypto from "node:crypto";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { countUsers, createUser, findUserByEmail } from "./users";

const DEMO_INSTRUCTOR = { name: "Demo Instructor", email: "instructor@vpclab.demo" };
const DEMO_STUDENT = { name: "Demo Student", email: "student@vpclab.demo" };

function randomPassword(): string {
  return crypto.randomBytes(12).toString("base64url");
}

/**
 * On the first start of an empty database, creates a demo instructor (first account, so
 * instructor) and a demo student with random passwords, and prints them once.
 */
export async function seedDemoAccountsOnce(port: number): Promise<void> {
  const url = `http://localhost:${port}`;
  if ((await countUsers()) > 0) {
    console.log(`\nSign in at ${url}/sign-in with the demo accounts printed at first start, or create one at ${url}/sign-up.`);
    await printDemoStudentSandboxKeys(url);
    return;
  }
  const instructorPassword = randomPassword();
  const studentPassword = randomPassword();
  await createUser({ ...DEMO_INSTRUCTOR, password: instructorPassword });
  await createUser({ ...DEMO_STUDENT, password: studentPassword });
  console.log(
    [
      "",
      `Sign in at ${url}/sign-in (these passwords are shown only this once):`,
      `  instructor  ${DEMO_INSTRUCTOR.email}  ${instructorPassword}`,
      `  student     ${DEMO_STUDENT.email}  ${studentPassword}`,
    ].join("\n"),
  );
  await printDemoStudentSandboxKeys(url);
}

/** The demo student's sandbox keys, as lines a shell can paste to use the AWS CLI against the sandbox. */
async function printDemoStudentSandboxKeys(url: string): Promise<void> {
  const student = await findUserByEmail(DEMO_STUDENT.email);
  const sandbox = sandboxExtras();
  if (!student || !sandbox) return;
  const keys = await sandbox.account(student.id);
  console.log(
    [
      "",
      `The demo student's sandbox AWS account (${keys.accountId}), for the AWS CLI:`,
      `  export AWS_ACCESS_KEY_ID=${keys.accessKeyId}`,
      `  export AWS_SECRET_ACCESS_KEY=${keys.secretAccessKey}`,
      "  export AWS_DEFAULT_REGION=us-east-1",
      `  export AWS_ENDPOINT_URL=${url}/aws`,
      `  aws --endpoint-url ${url}/aws ec2 describe-vpcs`,
      "",
    ].join("\n"),
  );
}
