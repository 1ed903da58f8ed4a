/**
 * SSM Run Command benchmark over loopback HTTP through the JS SDK, for the two "Run test"
 * commands of the labs, `ping -c 4` to the peered instance (Lab 1) and `aws s3 ls s3://BUCKET`
 * (Lab 2). Ping's four seconds are virtual time in a batch run, so what is measured is the
 * sandbox's own work: the call, the world, the shell, the write of the result.
 *
 * Two figures per command:
 * - end to end: the client's time from sending SendCommand to reading a finished
 *   GetCommandInvocation (SDK signing and parsing and the polls included);
 * - server time, the figure: from SendCommand's arrival at the server to its result
 *   being written, plus the GetCommandInvocation that reads it. Client and server share one
 *   process, so client work that interleaves inside that window counts too (an over-estimate).
 */
import { AuthorizeSecurityGroupIngressCommand, AcceptVpcPeeringConnectionCommand, CreateRouteCommand, CreateVpcPeeringConnectionCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCommandInvocationCommand, SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { buildPublicNetwork, launchInstance } from "@/lib/sandbox/scenarios/driver";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { onSandboxChange } from "@/lib/sandbox/core/state-store";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { type BenchResult, percentile, result } from "./types";

const ROUNDS = Number(process.env.ROUNDS ?? 60);
const WARMUP = 5;
const BUCKET = "nextwork-vpc-endpoints-bench";

interface Timing {
  endToEndMs: number;
  serverMs: number;
}

/** Server-side moments of the command in flight: SendCommand's arrival, the result's write, the last GetCommandInvocation. */
class ServerClock {
  sendArrivedAt = 0;
  resultWrittenAt = 0;
  lastReadMs = 0;

  constructor(server: SandboxServer) {
    server.http.prependListener("request", (request, response) => {
      const arrivedAt = performance.now();
      const target = request.headers["x-amz-target"];
      if (target === "AmazonSSM.SendCommand") this.sendArrivedAt = arrivedAt;
      if (target === "AmazonSSM.GetCommandInvocation") response.on("finish", () => (this.lastReadMs = performance.now() - arrivedAt));
    });
    onSandboxChange((change) => {
      if (change.service === "ssm" && change.action === "CommandResult") this.resultWrittenAt = performance.now();
    });
  }

  serverMs(): number {
    return this.resultWrittenAt - this.sendArrivedAt + this.lastReadMs;
  }
}

async function timedRun(ssm: SSMClient, clock: ServerClock, instanceId: string, command: string): Promise<Timing & { status: string }> {
  const started = performance.now();
  const { Command } = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [instanceId], Parameters: { commands: [command] } }));
  for (;;) {
    const output = await ssm.send(new GetCommandInvocationCommand({ CommandId: Command!.CommandId, InstanceId: instanceId }));
    if (output.Status !== "Pending" && output.Status !== "InProgress") {
      return { endToEndMs: performance.now() - started, serverMs: clock.serverMs(), status: output.Status! };
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function measure(ssm: SSMClient, clock: ServerClock, instanceId: string, command: string): Promise<{ endToEnd: number[]; server: number[] }> {
  const endToEnd: number[] = [];
  const server: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const timing = await timedRun(ssm, clock, instanceId, command);
    if (timing.status !== "Success") throw new Error(`${command} ended ${timing.status}`);
    if (round < WARMUP) continue;
    endToEnd.push(timing.endToEndMs);
    server.push(timing.serverMs);
  }
  return { endToEnd, server };
}

function figures(label: string, samples: { endToEnd: number[]; server: number[] }): BenchResult[] {
  return [
    result(`sandbox-ssm: ${label}, server time p50`, percentile(samples.server, 50), "ms", 10),
    result(`sandbox-ssm: ${label}, server time p99`, percentile(samples.server, 99), "ms", 40),
    result(`sandbox-ssm: ${label}, end to end through the SDK p50`, percentile(samples.endToEnd, 50), "ms", 15),
  ];
}

export default async function sandboxSsmBench(): Promise<BenchResult[]> {
  process.env.VPCLAB_SANDBOX_DELAYS = "none";
  const server = await startSandboxServer();
  const clock = new ServerClock(server);
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
    await timedRun(ssm, clock, instance1.instanceId, `aws configure set aws_access_key_id ${AccessKey!.AccessKeyId}`);
    await timedRun(ssm, clock, instance1.instanceId, `aws configure set aws_secret_access_key ${AccessKey!.SecretAccessKey}`);

    const ping = await measure(ssm, clock, instance1.instanceId, `ping -c 4 ${instance2.privateIp}`);
    const ls = await measure(ssm, clock, instance1.instanceId, `aws s3 ls s3://${BUCKET}`);
    return [...figures("ping -c 4 to the peered instance", ping), ...figures("aws s3 ls s3://bucket", ls)];
  } finally {
    await commandRunsSettled();
    await server.close();
  }
}
