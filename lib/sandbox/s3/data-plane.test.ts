/** The simulated instances' S3 data plane and the world's view, over the same storage as the REST API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { identitiesForWorld } from "@/lib/sandbox/iam/identities";
import { sandboxS3DataPlane } from "./data-plane";
import { s3Client } from "./testing";
import { bucketsForWorld } from "./buckets-with-policies";

let server: SandboxServer;
let alice: TestAccount;

beforeAll(async () => {
  server = await startSandboxServer();
  alice = await server.newAccount();
});
afterAll(async () => {
  await server.close();
});

describe("sandboxS3DataPlane", () => {
  it("lists, writes, reads and deletes what the REST API sees", async () => {
    const s3 = s3Client(server.endpoint, alice.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: "plane-bucket" }));
    await s3.send(new PutObjectCommand({ Bucket: "plane-bucket", Key: "from-api.txt", Body: "api" }));
    expect((await sandboxS3DataPlane.listBuckets(alice.accountId)).map((bucket) => bucket.name)).toEqual(["plane-bucket"]);
    await sandboxS3DataPlane.putObject("plane-bucket", "dir/from-shell.txt", "shell ✓\n");
    const listed = await sandboxS3DataPlane.listObjects("plane-bucket", "");
    expect(listed.map((object) => [object.key, object.size])).toEqual([
      ["dir/from-shell.txt", Buffer.byteLength("shell ✓\n")],
      ["from-api.txt", 3],
    ]);
    expect((await sandboxS3DataPlane.listObjects("plane-bucket", "dir/")).map((object) => object.key)).toEqual(["dir/from-shell.txt"]);
    const got = await s3.send(new GetObjectCommand({ Bucket: "plane-bucket", Key: "dir/from-shell.txt" }));
    expect(got.ContentType).toBe("text/plain");
    expect(await got.Body!.transformToString()).toBe("shell ✓\n");
    expect((await sandboxS3DataPlane.getObject("plane-bucket", "from-api.txt"))?.body).toBe("api");
    await sandboxS3DataPlane.deleteObject("plane-bucket", "from-api.txt");
    expect(await sandboxS3DataPlane.getObject("plane-bucket", "from-api.txt")).toBeUndefined();
  });

  it("refuses a write to a missing bucket and beyond the owner's quota", async () => {
    await expect(sandboxS3DataPlane.putObject("no-such-plane-bucket", "k", "v")).rejects.toMatchObject({ code: "NoSuchBucket" });
    process.env.VPCLAB_S3_QUOTA_BYTES = "10";
    try {
      await expect(sandboxS3DataPlane.putObject("plane-bucket", "big", "x".repeat(100))).rejects.toMatchObject({ code: "QuotaExceeded" });
    } finally {
      delete process.env.VPCLAB_S3_QUOTA_BYTES;
    }
  });
});

describe("world views", () => {
  it("gives the account's buckets with their policies and lab-user's policy documents", async () => {
    const bob = await server.newAccount();
    const s3 = s3Client(server.endpoint, bob.credentials);
    await s3.send(new CreateBucketCommand({ Bucket: "world-bucket" }));
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::world-bucket" }] });
    await s3.send(new PutBucketPolicyCommand({ Bucket: "world-bucket", Policy: policy }));
    expect(await bucketsForWorld(bob.accountId)).toEqual([{ name: "world-bucket", ownerAccountId: bob.accountId, policy }]);
    expect(await identitiesForWorld(bob.accountId)).toEqual([
      {
        arn: `arn:aws:iam::${bob.accountId}:user/lab-user`,
        accountId: bob.accountId,
        userName: "lab-user",
        policies: [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] })],
      },
    ]);
  });
});
