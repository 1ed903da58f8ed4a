import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { denyUnlessFromEndpointPolicy } from "@/lib/analysis/fixtures";
import { iamClient, s3Client, stsClient } from "@/lib/sandbox/s3/testing";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { buildLabSnapshot } from "./read-lab-snapshot";

describe("buildLabSnapshot through the sandbox", () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer();
  });
  afterAll(async () => server.close());

  it("reads a new account, and records a bucket policy it may not read instead of failing", async () => {
    const { accountId, credentials } = await server.newAccount();
    const clients = {
      ec2: new EC2Client({ endpoint: server.endpoint, region: "us-east-1", credentials, maxAttempts: 1 }),
      s3: s3Client(server.endpoint, credentials),
      iam: iamClient(server.endpoint, credentials),
      sts: stsClient(server.endpoint, credentials),
    };
    const bucket = `snapshot-${accountId}`;
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await clients.s3.send(new CreateBucketCommand({ Bucket: `${bucket}-open` }));
    await clients.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: denyUnlessFromEndpointPolicy(bucket, "vpce-0123456789abcdef0") }));

    const snapshot = await buildLabSnapshot(clients);
    expect(snapshot.accountId).toBe(accountId);
    expect(snapshot.vpcs.map((vpc) => [vpc.CidrBlock, vpc.IsDefault])).toEqual([["172.31.0.0/16", true]]);
    expect(snapshot.prefixLists.map((list) => list.PrefixListId)).toContain("pl-63a5400a");
    // Lab 2 Step 6: the console itself is locked out of the policy, and says so rather than hiding it.
    expect(snapshot.buckets.find((candidate) => candidate.name === bucket)).toMatchObject({ policyError: "AccessDenied" });
    expect(snapshot.buckets.find((candidate) => candidate.name === `${bucket}-open`)).toEqual({ name: `${bucket}-open`, ownerAccountId: accountId });
    expect(snapshot.identities.map((identity) => identity.arn)).toEqual([`arn:aws:iam::${accountId}:user/lab-user`]);
    expect(snapshot.identities[0].policies.map((policy) => JSON.parse(policy).Statement[0].Action)).toEqual(["*"]);
  });
});
