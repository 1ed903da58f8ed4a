/**
 * Reset to step N restores exactly the state at the start of step N, for every N of both labs:
 * complete the lab -> reset to N -> the account equals a fresh build through N-1 (ids aside).
 */
import { CreateAccessKeyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, GetBucketPolicyCommand, ListObjectsV2Command, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import type { IpPermission, Route, Tag } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inProcessEc2ReadsDuring } from "@/lib/aws/testing-hooks";
import type { AwsClients } from "@/lib/aws/clients";
import { OWNER_TAG } from "@/lib/aws/ownership";
import { listActivity } from "@/lib/sandbox/core/activity";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { doLabStep, doWholeLab, labDefinition } from "./check";
import { denyUnlessThroughEndpoint } from "./lab2/policies";
import { readSnapshot } from "./read-account";
import type { LabId } from "./steps";
import { resetLab } from "./teardown";
import { sandboxClients } from "./testing";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await commandRunsSettled();
  await server.close();
});

/** A fresh account; Lab 2's student has an access key for the CLI (Step 3 is theirs). */
async function freshClients(labId: LabId): Promise<{ clients: AwsClients; accountId: string }> {
  const account = await server.newAccount();
  const clients = sandboxClients(server, account);
  if (labId === "vpc-endpoints") await clients.iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
  return { clients, accountId: account.accountId };
}

const nameOf = (tags: Tag[] | undefined) => tags?.find((tag) => tag.Key === "Name")?.Value ?? "";

function rules(permissions: IpPermission[] | undefined): string[] {
  return (permissions ?? []).flatMap((p) => [...(p.IpRanges ?? []).map((r) => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} ${r.CidrIp}`), ...(p.UserIdGroupPairs ?? []).map(() => `${p.IpProtocol} ${p.FromPort}-${p.ToPort} group`)]).sort();
}

/**
 * The account as the student sees it, with ids replaced by what identifies a thing in the lab
 * (CIDRs, names, states), so two builds of the same steps describe the same.
 */
async function describeAccount(clients: AwsClients, accountId: string) {
  const snapshot = await readSnapshot(clients);
  const cidrOfVpc = new Map(snapshot.vpcs.map((vpc) => [vpc.VpcId, vpc.CidrBlock]));
  const cidrOfSubnet = new Map(snapshot.subnets.map((subnet) => [subnet.SubnetId, subnet.CidrBlock]));
  const peeringCidrs = new Map(snapshot.peeringConnections.map((pcx) => [pcx.VpcPeeringConnectionId, `${pcx.RequesterVpcInfo?.CidrBlock}<->${pcx.AccepterVpcInfo?.CidrBlock}`]));
  const target = (route: Route) =>
    route.GatewayId === "local" ? "local" : route.GatewayId?.startsWith("igw-") ? "igw" : route.GatewayId?.startsWith("vpce-") ? "vpce" : route.VpcPeeringConnectionId ? `pcx ${peeringCidrs.get(route.VpcPeeringConnectionId)}` : "other";
  const live = snapshot.instances.filter((instance) => instance.State?.Name !== "terminated");
  const buckets = await Promise.all(
    snapshot.buckets.map(async (bucket) => {
      const root = await clients.accountRootS3!();
      const policy = await root.send(new GetBucketPolicyCommand({ Bucket: bucket.name })).then((answer) => answer.Policy?.replace(/vpce-[0-9a-f]+/g, "vpce-ID").replaceAll(bucket.name, "BUCKET"), () => null);
      // Step 6's policy denies even root's listing from outside the endpoint.
      const objects = await root.send(new ListObjectsV2Command({ Bucket: bucket.name })).then((answer) => (answer.Contents ?? []).map((object) => object.Key).sort(), (error: Error) => error.name);
      // The default name's random part is an id too: each build draws its own.
      return { name: bucket.name.replace(accountId, "ACCOUNT").replace(/-[0-9a-f]{8}$/, "-RANDOM"), policy, objects };
    }),
  );
  return {
    vpcs: snapshot.vpcs.map((vpc) => `${vpc.CidrBlock} ${nameOf(vpc.Tags)}`).sort(),
    subnets: snapshot.subnets.filter((subnet) => !subnet.DefaultForAz).map((subnet) => `${subnet.CidrBlock} public-ip-on-launch=${subnet.MapPublicIpOnLaunch}`).sort(),
    gateways: snapshot.internetGateways.map((igw) => (igw.Attachments ?? []).map((attachment) => cidrOfVpc.get(attachment.VpcId)).join(",")).sort(),
    peerings: snapshot.peeringConnections.filter((pcx) => !["deleted", "rejected", "failed", "expired"].includes(pcx.Status?.Code ?? "")).map((pcx) => `${peeringCidrs.get(pcx.VpcPeeringConnectionId)} ${pcx.Status?.Code}`),
    routeTables: snapshot.routeTables
      .map((table) => ({
        vpc: cidrOfVpc.get(table.VpcId),
        subnets: (table.Associations ?? []).map((association) => (association.Main ? "main" : cidrOfSubnet.get(association.SubnetId))).sort(),
        routes: (table.Routes ?? []).map((route) => `${route.DestinationCidrBlock ?? route.DestinationPrefixListId} -> ${target(route)} ${route.State}`).sort(),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    securityGroups: snapshot.securityGroups.map((group) => ({ vpc: cidrOfVpc.get(group.VpcId), name: group.GroupName, inbound: rules(group.IpPermissions) })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    instances: live.map((instance) => `${cidrOfSubnet.get(instance.SubnetId)} ${instance.State?.Name} ${nameOf(instance.Tags)} public=${Boolean(instance.PublicIpAddress)}`).sort(),
    addresses: snapshot.addresses.map((address) => `associated=${Boolean(address.AssociationId)} ${nameOf(address.Tags)}`).sort(),
    endpoints: snapshot.vpcEndpoints
      .filter((endpoint) => !/^(deleted|deleting)$/i.test(endpoint.State ?? ""))
      .map((endpoint) => `${endpoint.ServiceName} ${cidrOfVpc.get(endpoint.VpcId)} tables=${endpoint.RouteTableIds?.length ?? 0} policy=${endpoint.PolicyDocument}`),
    buckets,
    tagged: snapshot.vpcs.every((vpc) => vpc.IsDefault || vpc.Tags?.some((tag) => tag.Key === OWNER_TAG)),
  };
}

const CASES = (["vpc-peering", "vpc-endpoints"] as const).flatMap((labId) => labDefinition(labId).steps.map((step, index) => ({ labId, step: index + 1, stepId: step.id })));

describe("Reset to step N", () => {
  it.each(CASES)("$labId: reset to step $step ($stepId) after the whole lab equals a fresh build through step $step - 1", async ({ labId, step }) => {
    const expected = await freshClients(labId);
    for (const earlier of labDefinition(labId).steps.slice(0, step - 1)) await doLabStep(expected.clients, labId, earlier.id);

    const reset = await freshClients(labId);
    await doWholeLab(reset.clients, labId);
    const report = await resetLab(reset.clients, labId, step);
    expect(report.left).toEqual([]);
    expect(await describeAccount(reset.clients, reset.accountId)).toEqual(await describeAccount(expected.clients, expected.accountId));
  });
});

describe("Reset of Lab 2 built by hand", () => {
  it("removes the student's own bucket policy at step 6, whatever the bucket's name and the policy's key case", async () => {
    const { clients, accountId } = await freshClients("vpc-endpoints");
    const bucket = `nextwork-vpc-endpoints-${accountId}`;
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const step of labDefinition("vpc-endpoints").steps.slice(0, 5)) await doLabStep(clients, "vpc-endpoints", step.id);
    const endpointId = (await readSnapshot(clients)).vpcEndpoints[0].VpcEndpointId!;
    const policy = denyUnlessThroughEndpoint(bucket, endpointId).replace("aws:SourceVpce", "aws:sourceVpce");
    await clients.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));

    const report = await resetLab(clients, "vpc-endpoints", 6);
    expect(report.deleted).toContain(bucket);
    const root = await clients.accountRootS3!();
    await expect(root.send(new GetBucketPolicyCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: "NoSuchBucketPolicy" });
  });
});

describe("Reset is quick: it reuses what earlier steps built and waits for nothing it does not need", () => {
  it("a reset deletes with the new run's clients; the old run's clients, which built the lab, then read the account once (they do not wait for the deleted ids to appear)", async () => {
    const account = await server.newAccount();
    const built = sandboxClients(server, account, { labId: "vpc-peering", runId: "run-before-reset" });
    await doWholeLab(built, "vpc-peering");
    const resetting = sandboxClients(server, account, { labId: "vpc-peering", runId: "run-after-reset" });
    await resetLab(resetting, "vpc-peering", 1);
    const [last] = await listActivity(account.accountId, { limit: 1 });

    const reads = await inProcessEc2ReadsDuring(account.accountId, async () => {
      const snapshot = await readSnapshot(built);
      expect(snapshot.vpcs.filter((vpc) => !vpc.IsDefault)).toEqual([]);
    });
    expect(reads.network).toBe(1);
    const calls = (await listActivity(account.accountId, { limit: 500 })).filter((row) => row.id > last.id);
    expect(calls.filter((row) => row.action === "DescribeVpcs")).toEqual([]);
  });

  it("Lab 1, reset to step 6 after the whole lab: one revoke, and the account read twice (the inventory, the earlier steps' checks), no rebuild", async () => {
    const { clients, accountId } = await freshClients("vpc-peering");
    await doWholeLab(clients, "vpc-peering");
    const [last] = await listActivity(accountId, { limit: 1 });

    const reads = await inProcessEc2ReadsDuring(accountId, async () => {
      const report = await resetLab(clients, "vpc-peering", 6);
      expect(report).toMatchObject({ left: [], built: { created: [] } });
    });
    const calls = (await listActivity(accountId, { limit: 500 })).filter((row) => row.id > last.id);
    expect(calls.filter((row) => !/^(Describe|List|Get|Head)/.test(row.action)).map((row) => row.action)).toEqual(["RevokeSecurityGroupIngress"]);
    expect(reads.network + calls.filter((row) => row.action === "DescribeVpcs").length).toBe(2);
  });

  it("Lab 2, reset to step 7 after the whole lab: the endpoint's route table and policy are undone, nothing is rebuilt (step 4's S3 call is shut out by step 6's policy on purpose)", async () => {
    const { clients, accountId } = await freshClients("vpc-endpoints");
    await doWholeLab(clients, "vpc-endpoints");
    await commandRunsSettled();
    const [last] = await listActivity(accountId, { limit: 1 });

    const report = await resetLab(clients, "vpc-endpoints", 7);
    expect(report).toMatchObject({ left: [], built: { created: [] } });
    const calls = (await listActivity(accountId, { limit: 500 })).filter((row) => row.id > last.id);
    expect(calls.filter((row) => !/^(Describe|List|Get|Head)/.test(row.action)).map((row) => row.action)).toEqual(["ModifyVpcEndpoint", "ModifyVpcEndpoint"]);
  });
});
