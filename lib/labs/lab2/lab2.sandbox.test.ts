import { CreateAccessKeyCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, DeleteBucketPolicyCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import type { AwsClients } from "@/lib/aws/clients";
import { checkLab, doLabStep, doWholeLab } from "@/lib/labs/check";
import { readSnapshot } from "@/lib/labs/read-account";
import { resetLab, teardownLab } from "@/lib/labs/teardown";
import { runShellOnInstance } from "@/lib/labs/shell-on-instance";
import { sandboxClients } from "@/lib/labs/testing";
import { sdkError } from "@/lib/sandbox/s3/testing";

import { DENY_ALL_ENDPOINT_POLICY } from "./do-it";
import { isFullAccessPolicy, suggestedBucketName } from "./resources";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();

/** A sandbox account whose IAM user `lab-user` has an access key (Lab 2 Step 3, the student's own). */
async function freshClients(): Promise<AwsClients> {
  const clients = sandboxClients(server, await server.newAccount());
  await clients.iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
  return clients;
}

/** Every step but Step 6: once the bucket policy is in, only a request through the endpoint may remove it. */
const WITHOUT_BUCKET_POLICY = ["architecture", "connect", "access-keys", "s3-over-internet", "endpoint", "endpoint-route", "endpoint-policy"];

async function buildWithoutBucketPolicy(clients: AwsClients) {
  const created: string[] = [];
  for (const step of WITHOUT_BUCKET_POLICY) created.push(...(await doLabStep(clients, "vpc-endpoints", step)).created);
  return created;
}

describe("Lab 2 on the sandbox", () => {
  it("names its bucket with a random part, so another student who takes the account-id name first cannot break the step", async () => {
    const victim = await freshClients();
    const { accountId } = await readSnapshot(victim);
    const squatter = sandboxClients(server, await server.newAccount());
    await squatter.s3.send(new CreateBucketCommand({ Bucket: `vpc-lab-endpoints-${accountId}` }));
    const report = await doLabStep(victim, "vpc-endpoints", "architecture");
    expect(report.created).toContainEqual(expect.stringMatching(new RegExp(`^bucket vpc-lab-endpoints-${accountId}-[0-9a-f]{8}$`)));
    const [first, second] = [suggestedBucketName(accountId), suggestedBucketName(accountId)];
    expect(first).not.toBe(second);
  });

  it("builds the VPC, instance, bucket, endpoint, its route and its deny policy; a second run creates nothing", async () => {
    const clients = await freshClients();
    await buildWithoutBucketPolicy(clients);
    const snapshot = await readSnapshot(clients);
    const [vpc] = snapshot.vpcs.filter((candidate) => !candidate.IsDefault);
    expect(vpc.CidrBlock).toBe("10.0.0.0/16");
    const [endpoint] = snapshot.vpcEndpoints;
    expect(endpoint).toMatchObject({ VpcId: vpc.VpcId, ServiceName: "com.amazonaws.us-east-1.s3", VpcEndpointType: "Gateway" });
    expect(JSON.parse(endpoint.PolicyDocument!)).toEqual(JSON.parse(DENY_ALL_ENDPOINT_POLICY));
    const table = snapshot.routeTables.find((candidate) => candidate.RouteTableId === endpoint.RouteTableIds![0])!;
    expect(table.Routes!.find((route) => route.DestinationPrefixListId)).toMatchObject({ DestinationPrefixListId: "pl-63a5400a", GatewayId: endpoint.VpcEndpointId });
    expect(snapshot.buckets.map((bucket) => bucket.name)).toEqual([expect.stringMatching(new RegExp(`^vpc-lab-endpoints-${snapshot.accountId}-[0-9a-f]{8}$`))]);
    const objects = await clients.s3.send(new ListObjectsV2Command({ Bucket: snapshot.buckets[0].name }));
    expect(objects.Contents?.map((object) => object.Key)).toEqual(["notes/endpoint.txt", "welcome.txt"]);
    expect(snapshot.addresses.map((address) => address.InstanceId)).toEqual([snapshot.instances.find((instance) => instance.VpcId === vpc.VpcId)!.InstanceId]);
    for (const step of ["architecture", "connect", "endpoint", "endpoint-route"]) expect((await doLabStep(clients, "vpc-endpoints", step)).created).toEqual([]);
  });

  it("configures the instance's CLI with the student's own key when it has none, so steps 3 and 4 are done by their runs", async () => {
    const clients = sandboxClients(server, await server.newAccount());
    for (const step of ["architecture", "connect"]) await doLabStep(clients, "vpc-endpoints", step);
    const keys = await doLabStep(clients, "vpc-endpoints", "access-keys");
    const { accessKeyId } = await clients.sts.config.credentials();
    expect(keys.notes).toContainEqual(expect.stringMatching(new RegExp(`^Ran aws configure on i-[0-9a-f]+ with access key ${accessKeyId} `)));
    expect(keys.notes).toContainEqual(expect.stringMatching(/^Ran `aws sts get-caller-identity` on i-[0-9a-f]+: /));
    expect(JSON.stringify(keys)).not.toContain((await clients.sts.config.credentials()).secretAccessKey);
    await doLabStep(clients, "vpc-endpoints", "s3-over-internet");
    const { results } = await checkLab(clients, "vpc-endpoints");
    expect([results["access-keys"].done, results["s3-over-internet"].done]).toEqual([true, true]);
    expect(results["s3-over-internet"].evidence?.summary).toMatch(/^You ran `aws s3 ls s3:\/\/vpc-lab-endpoints-/);
  });

  it("never creates an access key: it names the active one it finds", async () => {
    const clients = sandboxClients(server, await server.newAccount());
    const { AccessKeyMetadata } = await clients.iam.send(new ListAccessKeysCommand({ UserName: "lab-user" }));
    expect(AccessKeyMetadata).toHaveLength(1);
    expect(await doLabStep(clients, "vpc-endpoints", "access-keys")).toEqual({
      created: [],
      notes: [`IAM user lab-user already has active access key ${AccessKeyMetadata![0].AccessKeyId}.`],
    });
    expect((await clients.iam.send(new ListAccessKeysCommand({ UserName: "lab-user" }))).AccessKeyMetadata).toHaveLength(1);
  });

  it("resets to step 8: the endpoint policy is back to full access, the route table association stays", async () => {
    const clients = await freshClients();
    await buildWithoutBucketPolicy(clients);
    const report = await resetLab(clients, "vpc-endpoints", 8);
    expect(report.left).toEqual([]);
    const [endpoint] = (await readSnapshot(clients)).vpcEndpoints;
    expect(report.deleted).toEqual([endpoint.VpcEndpointId]);
    expect(isFullAccessPolicy(endpoint.PolicyDocument)).toBe(true);
    expect(endpoint.RouteTableIds).toHaveLength(1);
  });

  it("tears down Lab 2 without touching Lab 1, then Lab 1 leaves only the default VPC", async () => {
    const clients = await freshClients();
    await doWholeLab(clients, "vpc-peering");
    await buildWithoutBucketPolicy(clients);
    const report = await teardownLab(clients, "vpc-endpoints");
    expect(report.left).toEqual([]);
    const afterLab2 = await readSnapshot(clients);
    expect(afterLab2.buckets).toEqual([]);
    expect(afterLab2.vpcEndpoints).toEqual([]);
    expect(afterLab2.vpcs.map((vpc) => vpc.CidrBlock).sort()).toEqual(["10.1.0.0/16", "10.2.0.0/16", "172.31.0.0/16"]);
    expect(afterLab2.instances.filter((instance) => instance.State?.Name === "running")).toHaveLength(2);
    expect((await teardownLab(clients, "vpc-peering")).left).toEqual([]);
    const empty = await readSnapshot(clients);
    expect(empty.vpcs.map((vpc) => vpc.CidrBlock)).toEqual(["172.31.0.0/16"]);
    expect(empty.addresses).toEqual([]);
  });

  it("tears down the whole lab, bucket policy and deny-all endpoint policy included, acting as root for the policy", async () => {
    const clients = await freshClients();
    await doWholeLab(clients, "vpc-endpoints");
    const bucket = (await readSnapshot(clients)).buckets[0].name;
    expect((await sdkError(clients.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket })))).name).toBe("AccessDenied");
    const report = await teardownLab(clients, "vpc-endpoints");
    expect(report.left).toEqual([]);
    expect(report.deleted).toContain(bucket);
    const after = await readSnapshot(clients);
    expect(after.buckets).toEqual([]);
    expect(after.vpcEndpoints).toEqual([]);
    expect(after.vpcs.map((vpc) => vpc.CidrBlock)).toEqual(["172.31.0.0/16"]);
  });

  it("without a root key (a real account) removes the policy from the instance through the endpoint, once the instance has credentials", async () => {
    const account = await server.newAccount();
    const clients = { ...sandboxClients(server, account), accountRootS3: null };
    await doWholeLab(clients, "vpc-endpoints");
    const { buckets, instances, vpcEndpoints } = await readSnapshot(clients);
    const instanceId = instances.find((instance) => instance.State?.Name === "running")!.InstanceId!;
    // Do it for me configured the instance's CLI (step 3); a real account's instance may have none.
    expect((await runShellOnInstance(clients.ssm, instanceId, ["rm /home/ec2-user/.aws/credentials"])).exitCode).toBe(0);

    const refused = await teardownLab(clients, "vpc-endpoints");
    // The endpoint policy went back to full access first, so the instance's request may pass the endpoint.
    expect(refused.deleted).toEqual([vpcEndpoints[0].VpcEndpointId]);
    expect(refused.left[0]).toEqual({ id: buckets[0].name, reason: expect.stringMatching(/with an explicit deny in a resource-based policy \(from i-[0-9a-f]+ through the endpoint: Unable to locate credentials\./) });
    expect(refused.left.slice(1).every((entry) => entry.reason.startsWith("not attempted:"))).toBe(true);

    const { accessKeyId, secretAccessKey } = account.credentials;
    const configured = await runShellOnInstance(clients.ssm, instanceId, [`aws configure set aws_access_key_id ${accessKeyId}`, `aws configure set aws_secret_access_key ${secretAccessKey}`]);
    expect(configured.exitCode).toBe(0);
    const finished = await teardownLab(clients, "vpc-endpoints");
    expect(finished.left).toEqual([]);
    expect((await readSnapshot(clients)).buckets).toEqual([]);
  });
});
