/**
 * A set of the console's clients builds each SDK client on first use: the console keeps a set per
 * user and lab run, and a client it never calls would hold ~25 KB of heap for nothing.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";

const built: string[] = [];

/** Each SDK client class, counting the instances built. */
function counted<T extends new (...args: any[]) => object>(name: string, Client: T): T { // eslint-disable-line @typescript-eslint/no-explicit-any
  return class extends Client {
    constructor(...args: any[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
      super(...args);
      built.push(name);
    }
  };
}

vi.mock("@aws-sdk/client-ec2", async (original) => ({ ...(await original<object>()), EC2Client: counted("ec2", (await original<typeof import("@aws-sdk/client-ec2")>()).EC2Client) }));
vi.mock("@aws-sdk/client-s3", async (original) => ({ ...(await original<object>()), S3Client: counted("s3", (await original<typeof import("@aws-sdk/client-s3")>()).S3Client) }));
vi.mock("@aws-sdk/client-iam", async (original) => ({ ...(await original<object>()), IAMClient: counted("iam", (await original<typeof import("@aws-sdk/client-iam")>()).IAMClient) }));
vi.mock("@aws-sdk/client-sts", async (original) => ({ ...(await original<object>()), STSClient: counted("sts", (await original<typeof import("@aws-sdk/client-sts")>()).STSClient) }));
vi.mock("@aws-sdk/client-ssm", async (original) => ({ ...(await original<object>()), SSMClient: counted("ssm", (await original<typeof import("@aws-sdk/client-ssm")>()).SSMClient) }));

const { createTestUser } = await import("@/lib/sandbox/testing");
const { openFreshTestDatabase } = await import("@/lib/db/testing");
const { clientsForUser } = await import("./clients");

let database: Awaited<ReturnType<typeof openFreshTestDatabase>>;

beforeAll(async () => {
  database = await openFreshTestDatabase("pglite");
});
afterAll(async () => {
  await database.dispose();
});

it("builds a set's SDK clients only when the console uses them, once each", async () => {
  const clients = await clientsForUser(await createTestUser());
  expect(built).toEqual([]);
  const ec2 = clients.ec2;
  expect(clients.ec2).toBe(ec2);
  expect(built).toEqual(["ec2"]);
  void clients.s3;
  expect(built).toEqual(["ec2", "s3"]);
  expect(await clientsForUser(await createTestUser(), { labId: "vpc-endpoints", runId: "r1" })).toMatchObject({ mode: "sandbox" });
  expect(built).toEqual(["ec2", "s3"]);
});
