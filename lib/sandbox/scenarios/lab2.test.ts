/**
 * Lab 2 (gateway VPC endpoint) replayed as docs/labs.md tells it, against the whole sandbox: the
 * bucket, the instance's `aws s3` calls over the internet gateway and then through the endpoint,
 * the bucket policy that locks out everyone outside the endpoint, and the endpoint policy.
 */
import crypto from "node:crypto";
import { AuthorizeSecurityGroupIngressCommand, CreateVpcEndpointCommand, DescribeRouteTablesCommand, EC2Client, ModifyVpcEndpointCommand } from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { denyUnlessFromEndpointPolicy } from "@/lib/analysis/fixtures";
import { closeAllSessions, type TerminalSession } from "@/lib/sandbox/sessions";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { runShell } from "@/lib/sandbox/ssm/testing";
import { startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { buildPublicNetwork, commandOutput, connect, launchInstance, typeLine, type LaunchedInstance, type PublicNetwork } from "./driver";

const BUCKET = `nextwork-vpc-endpoints-${crypto.randomBytes(3).toString("hex")}`;
const OBJECTS = { "hello.txt": "hello from the lab\n", "notes/step4.txt": "over the internet gateway\n" };

let server: SandboxServer;
let account: TestAccount;
let ec2: EC2Client;
let ssm: SSMClient;
let s3: S3Client;
let network: PublicNetwork;
let instance: LaunchedInstance;
let session: TerminalSession;
let endpointId: string;

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  const client = { region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 };
  ec2 = new EC2Client(client);
  ssm = new SSMClient(client);
  s3 = new S3Client({ ...client, forcePathStyle: true });
});
afterAll(async () => {
  closeAllSessions();
  await commandRunsSettled();
  await server.close();
});

function deniedMessage(policyWords: string): string {
  return `User: arn:aws:iam::${account.accountId}:user/lab-user is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${BUCKET}" ${policyWords}`;
}

/** What the instance's CLI prints for a denied `aws s3 ls s3://BUCKET`. */
function cliDenial(policyWords: string): string {
  return `\nAn error occurred (AccessDenied) when calling the ListObjectsV2 operation: ${deniedMessage(policyWords)}\n`;
}

const LISTING = /^ {27}PRE notes\/\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {9}19 hello\.txt\n$/;

async function listFromInstance() {
  return runShell(ssm, instance.instanceId, [`aws s3 ls s3://${BUCKET}`]);
}

async function listFromOutside(): Promise<string> {
  try {
    await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return "allowed";
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe("Lab 2: VPC endpoints", () => {
  it("Step 1: a public VPC, an instance with a public address, a bucket with objects", async () => {
    network = await buildPublicNetwork(ec2, "10.0.0.0/16", "10.0.0.0/24");
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: network.defaultGroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "18.206.107.24/29" }] }] }),
    );
    instance = await launchInstance(ec2, network, { publicIp: true });
    expect(instance.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const [Key, Body] of Object.entries(OBJECTS)) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  });

  it("Steps 2-3: connect with Instance Connect and configure an access key of the IAM user", async () => {
    session = await connect(account.accountId, instance.instanceId);
    const iam = new IAMClient({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
    expect(commandOutput(await typeLine(session, `aws configure set aws_access_key_id ${AccessKey!.AccessKeyId}`))).toBe("");
    expect(commandOutput(await typeLine(session, `aws configure set aws_secret_access_key ${AccessKey!.SecretAccessKey}`))).toBe("");
  });

  it("Step 4: the instance lists the bucket over the internet gateway, in the terminal and through SSM", async () => {
    expect(commandOutput(await typeLine(session, `aws s3 ls s3://${BUCKET}`))).toMatch(LISTING);
    const viaSsm = await listFromInstance();
    expect(viaSsm).toMatchObject({ Status: "Success", ResponseCode: 0, StandardErrorContent: "" });
    expect(viaSsm.StandardOutputContent).toMatch(LISTING);
    const buckets = await runShell(ssm, instance.instanceId, ["aws s3 ls"]);
    expect(buckets.StandardOutputContent).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ${BUCKET}\\n$`));
  });

  it("Step 5: a gateway endpoint without a route table changes nothing for the instance", async () => {
    const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({ VpcId: network.vpcId, ServiceName: "com.amazonaws.us-east-1.s3", VpcEndpointType: "Gateway" }));
    endpointId = VpcEndpoint!.VpcEndpointId!;
    expect(VpcEndpoint!.State).toBe("available");
    expect((await listFromInstance()).StandardOutputContent).toMatch(LISTING);
  });

  it("Step 6: the endpoint-only bucket policy locks out the console and the instance (the fourth surprise)", async () => {
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: denyUnlessFromEndpointPolicy(BUCKET, endpointId) }));
    expect(await listFromOutside()).toBe(`AccessDenied: ${deniedMessage("with an explicit deny in a resource-based policy")}`);
    const denied = await listFromInstance();
    expect(denied).toMatchObject({ Status: "Failed", ResponseCode: 254, StandardOutputContent: "" });
    expect(denied.StandardErrorContent).toBe(`${cliDenial("with an explicit deny in a resource-based policy")}failed to run commands: exit status 254`);
    expect(commandOutput(await typeLine(session, `aws s3 ls s3://${BUCKET}`))).toBe(cliDenial("with an explicit deny in a resource-based policy"));
    const bare = await runShell(ssm, instance.instanceId, ["aws s3 ls"]);
    expect(bare.Status).toBe("Success");
  });

  it("Step 7: the endpoint route (pl-63a5400a -> vpce) lets the instance back in; outside callers stay out", async () => {
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, AddRouteTableIds: [network.routeTableId] }));
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [network.routeTableId] }));
    expect(RouteTables![0].Routes).toContainEqual(expect.objectContaining({ DestinationPrefixListId: "pl-63a5400a", GatewayId: endpointId, State: "active" }));
    expect((await listFromInstance()).StandardOutputContent).toMatch(LISTING);
    expect(commandOutput(await typeLine(session, `aws s3 ls s3://${BUCKET}`))).toMatch(LISTING);
    expect(await listFromOutside()).toBe(`AccessDenied: ${deniedMessage("with an explicit deny in a resource-based policy")}`);
  });

  it("Step 8: an endpoint policy that denies, then one that allows less, then the default again", async () => {
    const deny = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] });
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument: deny }));
    const explicit = await listFromInstance();
    expect(explicit.StandardErrorContent).toBe(`${cliDenial("with an explicit deny in a VPC endpoint policy")}failed to run commands: exit status 254`);

    const narrow = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` }] });
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument: narrow }));
    expect(commandOutput(await typeLine(session, `aws s3 ls s3://${BUCKET}`))).toBe(cliDenial("because no VPC endpoint policy allows the s3:ListBucket action"));
    const read = await runShell(ssm, instance.instanceId, [`aws s3 cp s3://${BUCKET}/hello.txt hello.txt`, "cat hello.txt"]);
    expect(read).toMatchObject({ Status: "Success", StandardOutputContent: `download: s3://${BUCKET}/hello.txt to ./hello.txt\n${OBJECTS["hello.txt"]}` });

    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, ResetPolicy: true }));
    expect((await listFromInstance()).StandardOutputContent).toMatch(LISTING);
  });
});
