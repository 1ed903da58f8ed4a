/**
 * Lab 1 as code on the product's own server (scripts/bench/support/console-server.ts): the Ansible
 * playbook clients/ansible/lab1.yml end to end, its first run (builds) and its second run (changes
 * nothing), beside the AWS CLI v2 building the same Lab 1 call by call. Wall time of whole runs:
 * what a student or an instructor waits for. Each in a fresh account.
 */
import { runAwsCli, cliEnv, type CliEnv } from "@/lib/sandbox/testing";
import { runPlaybook, runReport } from "@/clients/testing";
import { startConsoleServer } from "./support/console-server";
import { type BenchResult, result } from "./types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function cli(env: CliEnv, ...args: string[]): Promise<Json> {
  const run = await runAwsCli(["ec2", ...args, "--output", "json"], env);
  if (run.code !== 0) throw new Error(`aws ec2 ${args.join(" ")} failed (${run.code}): ${run.stderr}`);
  return run.stdout.trim() === "" ? {} : JSON.parse(run.stdout);
}

const nameTag = (type: string, name: string) => `ResourceType=${type},Tags=[{Key=Name,Value=${name}}]`;

async function cliPublicVpc(env: CliEnv, name: string, cidr: string, subnetCidr: string) {
  const vpcId = (await cli(env, "create-vpc", "--cidr-block", cidr, "--tag-specifications", nameTag("vpc", name))).Vpc.VpcId;
  const subnetId = (await cli(env, "create-subnet", "--vpc-id", vpcId, "--cidr-block", subnetCidr, "--availability-zone", "us-east-1a")).Subnet.SubnetId;
  const igw = (await cli(env, "create-internet-gateway")).InternetGateway.InternetGatewayId;
  await cli(env, "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpcId);
  const rtb = (await cli(env, "create-route-table", "--vpc-id", vpcId)).RouteTable.RouteTableId;
  await cli(env, "associate-route-table", "--route-table-id", rtb, "--subnet-id", subnetId);
  await cli(env, "create-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw);
  const groupId = (await cli(env, "create-security-group", "--group-name", `${name}-sg`, "--description", "SSH and ICMP", "--vpc-id", vpcId)).GroupId;
  return { vpcId, subnetId, rtb, groupId };
}

/** What lab1.yml builds, with one CLI call per API call, as a student at a terminal would. */
export async function buildLab1WithCli(env: CliEnv): Promise<void> {
  const one = await cliPublicVpc(env, "lab1-vpc-1", "10.1.0.0/16", "10.1.0.0/24");
  const two = await cliPublicVpc(env, "lab1-vpc-2", "10.2.0.0/16", "10.2.0.0/24");
  const pcx = (await cli(env, "create-vpc-peering-connection", "--vpc-id", one.vpcId, "--peer-vpc-id", two.vpcId)).VpcPeeringConnection.VpcPeeringConnectionId;
  await cli(env, "accept-vpc-peering-connection", "--vpc-peering-connection-id", pcx);
  await cli(env, "create-route", "--route-table-id", one.rtb, "--destination-cidr-block", "10.2.0.0/16", "--vpc-peering-connection-id", pcx);
  await cli(env, "create-route", "--route-table-id", two.rtb, "--destination-cidr-block", "10.1.0.0/16", "--vpc-peering-connection-id", pcx);
  for (const [side, peerCidr] of [[one, "10.2.0.0/16"], [two, "10.1.0.0/16"]] as const) {
    await cli(env, "authorize-security-group-ingress", "--group-id", side.groupId, "--protocol", "tcp", "--port", "22", "--cidr", "18.206.107.24/29");
    await cli(env, "authorize-security-group-ingress", "--group-id", side.groupId, "--protocol", "icmp", "--port", "-1", "--cidr", peerCidr);
  }
  const imageId = (await cli(env, "describe-images", "--owners", "amazon", "--filters", "Name=name,Values=al2023-ami-2023.*-x86_64")).Images[0].ImageId;
  const instanceIds: string[] = [];
  for (const side of [one, two]) {
    const launched = await cli(env, "run-instances", "--image-id", imageId, "--instance-type", "t2.micro", "--subnet-id", side.subnetId, "--security-group-ids", side.groupId, "--count", "1");
    instanceIds.push(launched.Instances[0].InstanceId);
  }
  await runAwsCli(["ec2", "wait", "instance-running", "--instance-ids", ...instanceIds], env);
  const allocationId = (await cli(env, "allocate-address", "--domain", "vpc")).AllocationId;
  await cli(env, "associate-address", "--allocation-id", allocationId, "--instance-id", instanceIds[0]);
}

async function seconds(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

export default async function ansibleBenchmark(): Promise<BenchResult[]> {
  // As in the client suites: ec2_instance state=absent waits on terminated instances by id.
  const { server, students } = await startConsoleServer({ students: 2, env: { VPCLAB_SANDBOX_DELAYS: "none,terminatedVisible=3600000" } });
  try {
    const endpoint = `${server.url}/aws`;
    const [playbookAccount, cliAccount] = students;
    const runs = [];
    for (const label of ["first", "second"]) {
      const run = await runPlaybook("lab1.yml", playbookAccount, endpoint);
      if (run.code !== 0 || run.failures.length) throw new Error(`lab1.yml ${label} run failed:\n${runReport(run)}`);
      if (label === "second" && run.changedTasks.length) throw new Error(`lab1.yml second run changed ${run.changedTasks.join(", ")}`);
      runs.push(run.seconds);
    }
    const cliSeconds = await seconds(() => buildLab1WithCli(cliEnv({ credentials: cliAccount }, endpoint)));
    return [
      result("ansible: Lab 1 playbook, first run (builds)", runs[0], "s", 180),
      result("ansible: Lab 1 playbook, second run (no changes)", runs[1], "s", 120),
      result("aws cli: Lab 1 built call by call", cliSeconds, "s", 60),
    ];
  } finally {
    server.stop();
  }
}
