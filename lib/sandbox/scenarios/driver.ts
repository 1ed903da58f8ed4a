/**
 * What the lab scenarios do as a student would: build networks with the EC2 SDK, run commands on
 * instances through SSM, and type into an EC2 Instance Connect terminal session.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { AMAZON_IMAGES } from "@/lib/sandbox/ec2/model/catalog";
import type { Timers } from "@/lib/sandbox/hosts";
import { openInstanceConnectSession, type TerminalSession } from "@/lib/sandbox/sessions";

export interface PublicNetwork {
  vpcId: string;
  subnetId: string;
  internetGatewayId: string;
  routeTableId: string;
  defaultGroupId: string;
}

/** Lab 1 Step 1, piece by piece: VPC, public subnet, attached internet gateway, route table 0.0.0.0/0 -> igw. */
export async function buildPublicNetwork(ec2: EC2Client, vpcCidr: string, subnetCidr: string): Promise<PublicNetwork> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr, AvailabilityZone: "us-east-1a" }))).Subnet!.SubnetId!;
  const internetGatewayId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
  const routeTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: internetGatewayId }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "group-name", Values: ["default"] }] }));
  return { vpcId, subnetId, internetGatewayId, routeTableId, defaultGroupId: groups.SecurityGroups![0].GroupId! };
}

export interface LaunchedInstance {
  instanceId: string;
  privateIp: string;
  publicIp?: string;
}

/** Amazon Linux 2023, t2.micro, no key pair, the VPC's default security group. */
export async function launchInstance(ec2: EC2Client, network: PublicNetwork, options: { publicIp?: boolean } = {}): Promise<LaunchedInstance> {
  const { Instances } = await ec2.send(
    new RunInstancesCommand({
      ImageId: AMAZON_IMAGES[0].imageId,
      InstanceType: "t2.micro",
      MinCount: 1,
      MaxCount: 1,
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: network.subnetId, Groups: [network.defaultGroupId], AssociatePublicIpAddress: options.publicIp ?? false }],
    }),
  );
  const instance = Instances![0];
  return { instanceId: instance.InstanceId!, privateIp: instance.PrivateIpAddress!, publicIp: instance.PublicIpAddress };
}

/** Shell waits (ping's one second between packets) shortened a thousandfold, so a session test takes milliseconds. */
export const FAST_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms / 1000),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Opens an Instance Connect session that must open. */
export async function connect(accountId: string, instanceId: string): Promise<TerminalSession> {
  // FAST_TIMERS shortens every wait a thousandfold, the idle timeout too: given ×1000, it stays 10 minutes
  // (600 ms closed the session under a loaded machine while a test step ran other calls).
  const opened = await openInstanceConnectSession(accountId, instanceId, "us-east-1", { timers: FAST_TIMERS, idleTimeoutMs: 10 * 60 * 1000 * 1000 });
  if (!opened.ok) throw new Error(`session refused: ${opened.message}`);
  return opened.session;
}

/** Types a line and returns what the terminal showed until the next prompt (echo included, \r\n as the terminal gets it). */
export async function typeLine(session: TerminalSession, line: string): Promise<string> {
  const from = session.sequence - 1;
  session.input(`${line}\r`);
  await new Promise((resolve) => setImmediate(resolve));
  await session.idle();
  return session
    .outputSince(from)
    .chunks.map((chunk) => chunk.data)
    .join("");
}

/** The lines a command printed, as the program wrote them (\n), without the echoed command and the next prompt. */
export function commandOutput(screen: string, prompt: RegExp = /\[ec2-user@ip-[0-9-]+ ~\]\$ $/): string {
  const text = screen.replace(/\r\n/g, "\n");
  const afterEcho = text.slice(text.indexOf("\n") + 1);
  return afterEcho.replace(prompt, "");
}

/** "10.2.0.25" -> "10\\.2\\.0\\.25" for regular expressions. */
export function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Ping's output when no reply comes back (docs/labs.md, Lab 1 step 6): header, blank line, statistics, no rtt line (iputils ends with an empty line instead). */
export function totalLossPattern(address: string): RegExp {
  const a = escaped(address);
  return new RegExp(`^PING ${a} \\(${a}\\) 56\\(84\\) bytes of data\\.\\n\\n--- ${a} ping statistics ---\\n4 packets transmitted, 0 received, 100% packet loss, time \\d+ms\\n\\n$`);
}

/** Ping's output when all four replies come back. */
export function fullReplyPattern(address: string): RegExp {
  const a = escaped(address);
  const reply = (seq: number) => `64 bytes from ${a}: icmp_seq=${seq} ttl=\\d+ time=\\d+\\.\\d{3} ms\\n`;
  return new RegExp(
    `^PING ${a} \\(${a}\\) 56\\(84\\) bytes of data\\.\\n${[1, 2, 3, 4].map(reply).join("")}\\n--- ${a} ping statistics ---\\n` +
      `4 packets transmitted, 4 received, 0% packet loss, time \\d+ms\\nrtt min/avg/max/mdev = \\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3} ms\\n$`,
  );
}

