/**
 * SSM Run Command benchmark over loopback HTTP through the JS SDK: the time from SendCommand to
 * a finished GetCommandInvocation for the two "Run test" commands of the labs, `ping -c 4` to the
 * peered instance (Lab 1) and `aws s3 ls s3://BUCKET` (Lab 2). Ping's four seconds are virtual
 * time in a batch run, so what is measured is the sandbox's own work: the call, the world, the
 * shell, the write of the result.
 */
import { AuthorizeSecurityGroupIngressCommand, AcceptVpcPeeringConnectionCommand, CreateRouteCommand, CreateVpcPeeringConnectionCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCommandInvocationCommand, SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { buildPublicNetwork, launchInstance } from "@/lib/sandbox/scenarios/driver";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { startSandboxServer } from "@/lib/sandbox/testing";
import { type BenchResult, percentile, result } from "./types";

const ROUNDS = Number(process.env.ROUNDS ?? 60);
const WARMUP = 5;
const BUCKET = "nextwork-vpc-endpoints-bench";

async function timedRun(ssm: SSMClient, instanceId: string, command: string): Promise<{ ms: number; status: string }> {
  const started = performance.now();
  const { Command } = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [instanceId], Parameters: { commands: [command] } }));
  for (;;) {
    const output = await ssm.send(new GetCommandInvocationCommand({ CommandId: Command!.CommandId, InstanceId: instanceId }));
    if (output.Status !== "Pending" && output.Status !== "InProgress") return { ms: performance.now() - started, status: output.Status! };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function measure(ssm: SSMClient, instanceId: string, command: string): Promise<number[]> {
  const samples: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const { ms, status } = await timedRun(ssm, instanceId, command);
    if (status !== "Success") throw new Error(`${command} ended ${status}`);
    if (round >= WARMUP) samples.push(ms);
  }
  return samples;
}

export default async function sandboxSsmBench(): Promise<BenchResult[]> {
  process.env.VPCLAB_SANDBOX_DELAYS = "none";
  const server = await startSandboxServer();
  try {
    const account = await server.newAccount();
    const client = { region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 };
    const ec2 = new EC2Client(client);
    const ssm = new SSMClient(client);

    const vpc1 = await buildPublicNetwork(ec2, "10.1.0.0/16", "10.1.0.0/24");
    const vpc2 = await buildPublicNetwork(ec2, "10.2.0.0/16", "10.2.0.0/24");
    const peering = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpc1.vpcId, PeerVpcId: vpc2.vpcId }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peering }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: vpc1.routeTableId, DestinationCidrBlock: "10.2.0.0/16", VpcPeeringConnectionId: peering }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: vpc2.routeTableId, DestinationCidrBlock: "10.1.0.0/16", VpcPeeringConnectionId: peering }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: vpc2.defaultGroupId, IpPermissions: [{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16" }] }] }));
    const instance1 = await launchInstance(ec2, vpc1, { publicIp: true });
    const instance2 = await launchInstance(ec2, vpc2);

    const s3 = new S3Client({ ...client, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "hello.txt", Body: "hello\n" }));
    const { AccessKey } = await new IAMClient(client).send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
    await timedRun(ssm, instance1.instanceId, `aws configure set aws_access_key_id ${AccessKey!.AccessKeyId}`);
    await timedRun(ssm, instance1.instanceId, `aws configure set aws_secret_access_key ${AccessKey!.SecretAccessKey}`);

    const ping = await measure(ssm, instance1.instanceId, `ping -c 4 ${instance2.privateIp}`);
    const ls = await measure(ssm, instance1.instanceId, `aws s3 ls s3://${BUCKET}`);
    return [
      result("sandbox-ssm: SendCommand -> result p50, ping -c 4 to the peered instance", percentile(ping, 50), "ms", 10),
      result("sandbox-ssm: SendCommand -> result p99, ping -c 4 to the peered instance", percentile(ping, 99), "ms", 40),
      result("sandbox-ssm: SendCommand -> result p50, aws s3 ls s3://bucket", percentile(ls, 50), "ms", 10),
      result("sandbox-ssm: SendCommand -> result p99, aws s3 ls s3://bucket", percentile(ls, 99), "ms", 40),
    ];
  } finally {
    await commandRunsSettled();
    await server.close();
  }
}
