/**
 * One simulated student: signs up and signs in through the console's forms, creates a key on the
 * Access keys page, opens the lab page's live stream (and, unless left out, the reads the open page
 * makes on it: console-tab.ts), then builds Lab 1 with the SDK at a student's
 * pace (the calls "Do it for me" makes), makes a bucket with an object, and runs the Tests tab's
 * ping test and S3 test as the console's page posts them.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { signUpOverHttp, type FormVisitor } from "@/e2e/accounts-over-http";
import { doWholeLab } from "@/lib/labs/check";
import { sandboxClients } from "@/lib/labs/testing";
import type { PingTestResult } from "@/lib/actions/run-ping-test";
import type { S3TestResult } from "@/lib/actions/run-s3-test";
import { type ActionAnswer, createLabUserKeyOverHttp, newBenchStudent, serverActionId } from "@/scripts/bench/support/students";
import { instrumentClients } from "./instrument";
import { ConsoleTab } from "./console-tab";
import { LiveStream } from "./live-stream";
import { Pacer } from "./pace";
import { LoadError, type LoadRecorder } from "./recorder";

const LAB_ID = "vpc-peering";
const LAB_PAGE = `/labs/${LAB_ID}`;

export interface SignedUpStudent {
  visitor: FormVisitor;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stream: LiveStream;
  /** The lab page's own reads (undefined with --without-console-tab). */
  tab?: ConsoleTab;
}

/** The student closes the lab's tab: its stream and its reads stop. */
export function closeTab(student: SignedUpStudent): void {
  student.stream.close();
  student.tab?.close();
}

function cookieHeader(visitor: FormVisitor): string {
  return visitor
    .cookies()
    .map(({ name, value }) => `${name}=${value}`)
    .join("; ");
}

/** Sign-up and sign-in, the key, the live stream: each timed as a call of its own kind. */
export async function signUpStudent(url: string, recorder: LoadRecorder, { consoleTab = true }: { consoleTab?: boolean } = {}): Promise<SignedUpStudent> {
  const visitor = await recorder.time("console: sign up + sign in", () => signUpOverHttp(url, newBenchStudent()));
  const credentials = await recorder.time("console: create access key", () => createLabUserKeyOverHttp(visitor));
  const tab = consoleTab ? new ConsoleTab(url, cookieHeader(visitor), LAB_ID, recorder) : undefined;
  const stream = await recorder.time("console: open live stream", () => LiveStream.open(url, cookieHeader(visitor), recorder, tab));
  return { visitor, credentials, stream, tab };
}

/** A server action of the lab page, posted as its Tests tab posts it; a refusal is a failure. */
async function labAction<T>(student: SignedUpStudent, file: string, name: string, values: unknown): Promise<T> {
  const answer = (await student.visitor.callAction(LAB_PAGE, serverActionId(file, name), [values])) as ActionAnswer<T>;
  if (!answer.ok || !answer.data) throw new LoadError(answer.error?.code ?? "NoAnswer", answer.error?.message ?? JSON.stringify(answer).slice(0, 200));
  return answer.data;
}

function checkShell(test: PingTestResult | S3TestResult): void {
  if (test.shellError) throw new LoadError(test.shellError.code, test.shellError.message);
}

/** The running instances of the lab, by Name: the first VPC's, then the second's. */
async function labInstances(clients: ReturnType<typeof sandboxClients>): Promise<string[]> {
  const described = await clients.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running"] }] }));
  const instances = (described.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);
  const name = (instance: (typeof instances)[number]) => instance.Tags?.find((tag) => tag.Key === "Name")?.Value ?? "";
  const ids = instances.sort((a, b) => name(a).localeCompare(name(b))).map((instance) => instance.InstanceId!);
  if (ids.length < 2) throw new LoadError("LabIncomplete", `Lab 1 has ${ids.length} running instances, not 2`);
  return ids;
}

async function pingTest(student: SignedUpStudent, recorder: LoadRecorder, from: string, to: string): Promise<void> {
  const ping = await recorder.time("console: ping test", async () => {
    const result = await labAction<PingTestResult>(student, "lib/actions/run-ping-test.ts", "runPingTestAction", { fromInstanceId: from, target: to, count: 4 });
    checkShell(result);
    return result;
  });
  if (!ping.verdict.reachable) recorder.fail("console: ping test", "NotReachable", ping.verdict.explanation?.message ?? "the finished lab's ping did not get through");
}

async function s3Test(student: SignedUpStudent, recorder: LoadRecorder, from: string, bucket: string): Promise<void> {
  await recorder.time("console: S3 test", async () => {
    checkShell(await labAction<S3TestResult>(student, "lib/actions/run-s3-test.ts", "runS3TestAction", { from, request: "list", bucket, key: "" }));
  });
}

/** Builds Lab 1 with the SDK at the pacer's pace, then a bucket and the two tests (paced too). */
export async function studentWorks(url: string, student: SignedUpStudent, pacer: Pacer, recorder: LoadRecorder, bucket: string): Promise<void> {
  const clients = sandboxClients({ endpoint: `${url}/aws` }, { credentials: student.credentials, userId: "load" });
  // A plain S3 client, as the student's own SDK is: the console's records which buckets it made in its own database.
  const s3 = new S3Client({ region: clients.region, endpoint: `${url}/aws`, credentials: student.credentials, forcePathStyle: true, maxAttempts: 1 });
  instrumentClients([clients.ec2, clients.s3, clients.iam, clients.sts, clients.ssm, clients.instanceConnect, s3], pacer, recorder, student.stream);
  await doWholeLab(clients, LAB_ID);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "notes.txt", Body: "lab 1 notes\n" }));
  const [from, to] = await labInstances(clients);
  await pacer.wait();
  await pingTest(student, recorder, from, to);
  await pacer.wait();
  await s3Test(student, recorder, from, bucket);
}
