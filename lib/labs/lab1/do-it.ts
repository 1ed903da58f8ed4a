/** "Do it for me" for each step of Lab 1: idempotent, resumable, the calls a student would make. */
import {
  AcceptVpcPeeringConnectionCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeVpcPeeringConnectionsCommand,
  type EC2Client,
  ReplaceRouteCommand,
  waitUntilVpcPeeringConnectionExists,
} from "@aws-sdk/client-ec2";
import { analyzePacketPath, indexSnapshot } from "@/lib/analysis";
import { cidrsOverlap, intToIpv4, parseIpv4Cidr } from "@/lib/cidr";
import type { AwsClients } from "@/lib/aws/clients";
import { type DoItReport, emptyReport, LabStepError } from "@/lib/labs/steps";
import { labTagSpecifications } from "@/lib/labs/tags";
import { pollUntil } from "@/lib/labs/poll";
import { readSnapshot } from "@/lib/labs/read-account";
import { runForStudent } from "@/lib/labs/shell-on-instance";
import { ensurePublicAddress, ensureRunningInstance, ensureSshFromInstanceConnect } from "@/lib/labs/shared/build-instance";
import { ensurePublicVpc } from "@/lib/labs/shared/build-public-vpc";
import type { PublicSide } from "@/lib/labs/shared/public-side";
import { LAB1_DEFAULT_CIDRS, routeToward } from "./checks";
import { lab1Resources } from "./resources";

const LAB = "vpc-peering" as const;
const CANDIDATE_CIDRS = [...LAB1_DEFAULT_CIDRS, ...Array.from({ length: 7 }, (_, index) => `10.${index + 3}.0.0/16`)];

/** The first /24 of a block (10.1.0.0/16 -> 10.1.0.0/24), as the AWS console proposes. */
export function firstSubnetOf(cidr: string): string {
  const block = parseIpv4Cidr(cidr);
  return block.prefixLength >= 24 ? cidr : `${intToIpv4(block.network)}/24`;
}

function cidrFor(side: PublicSide, preferred: string, other: PublicSide): string {
  if (side.vpc?.CidrBlock) return side.vpc.CidrBlock;
  const taken = other.vpc?.CidrBlock;
  return [preferred, ...CANDIDATE_CIDRS].find((cidr) => !taken || !cidrsOverlap(cidr, taken))!;
}

export async function buildVpcs(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const { side1, side2 } = lab1Resources(snapshot);
  const report = emptyReport();
  const cidr1 = cidrFor(side1, LAB1_DEFAULT_CIDRS[0], side2);
  const cidr2 = cidrFor(side2, LAB1_DEFAULT_CIDRS[1], { vpc: { CidrBlock: cidr1 } });
  await Promise.all([
    ensurePublicVpc(clients, snapshot, side1, { lab: LAB, name: "lab1-vpc-1", suffix: "1", cidr: cidr1, subnetCidr: firstSubnetOf(cidr1) }, report),
    ensurePublicVpc(clients, snapshot, side2, { lab: LAB, name: "lab1-vpc-2", suffix: "2", cidr: cidr2, subnetCidr: firstSubnetOf(cidr2) }, report),
  ]);
  return report;
}

const LIVE = new Set(["initiating-request", "pending-acceptance", "provisioning", "active"]);

async function peeringStatus(ec2: EC2Client, id: string): Promise<{ code: string; message?: string }> {
  const described = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }));
  const status = described.VpcPeeringConnections?.[0]?.Status;
  return { code: status?.Code ?? "unknown", message: status?.Message };
}

async function waitForPeering(ec2: EC2Client, id: string, wanted: string[]): Promise<string> {
  return pollUntil(async () => {
    const status = await peeringStatus(ec2, id);
    if (wanted.includes(status.code)) return status.code;
    if (!LIVE.has(status.code)) throw new LabStepError(`Peering connection ${id} is ${status.code}${status.message ? ` (${status.message})` : ""}.`);
    return undefined;
  }, { what: `peering connection ${id} to become ${wanted.join(" or ")}` });
}

export async function buildPeering(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const { side1, side2, peering } = lab1Resources(snapshot);
  if (!side1.vpc || !side2.vpc) throw new LabStepError("Step 1 first: both VPCs must exist.");
  if (cidrsOverlap(side1.vpc.CidrBlock!, side2.vpc.CidrBlock!)) {
    throw new LabStepError(
      `VPC 1 (${side1.vpc.VpcId}, ${side1.vpc.CidrBlock}) and VPC 2 (${side2.vpc.VpcId}, ${side2.vpc.CidrBlock}) overlap: a peering connection between them fails with "Overlapping CIDR range". Reset to step 1 with CIDR blocks that do not overlap.`,
    );
  }
  const report = emptyReport();
  const ec2 = clients.ec2;
  let id = peering && LIVE.has(peering.Status?.Code ?? "") ? peering.VpcPeeringConnectionId! : undefined;
  if (!id) {
    const created = await ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: side1.vpc.VpcId, PeerVpcId: side2.vpc.VpcId, TagSpecifications: labTagSpecifications("vpc-peering-connection", LAB, "peering", "lab1-peering") }),
    );
    id = created.VpcPeeringConnection!.VpcPeeringConnectionId!;
    await waitUntilVpcPeeringConnectionExists({ client: ec2, minDelay: 1, maxDelay: 5, maxWaitTime: 120 }, { VpcPeeringConnectionIds: [id] });
    report.created.push(`peering connection ${id} from ${side1.vpc.VpcId} to ${side2.vpc.VpcId}`);
  }
  const status = await waitForPeering(ec2, id, ["pending-acceptance", "provisioning", "active"]);
  if (status === "pending-acceptance") {
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    report.created.push(`accepted ${id}`);
  }
  await waitForPeering(ec2, id, ["active"]);
  return report;
}

async function ensurePeeringRoute(ec2: EC2Client, side: PublicSide, other: PublicSide, pcx: string, report: DoItReport): Promise<void> {
  const table = side.routeTable?.RouteTableId;
  const cidr = other.vpc!.CidrBlock!;
  if (!table) throw new LabStepError(`Step 1 first: subnet of ${side.vpc?.VpcId} has no route table.`);
  const route = routeToward(side, cidr);
  if (route?.VpcPeeringConnectionId === pcx && route.State === "active") return;
  const input = { RouteTableId: table, DestinationCidrBlock: cidr, VpcPeeringConnectionId: pcx };
  if (route?.DestinationCidrBlock === cidr) await ec2.send(new ReplaceRouteCommand(input));
  else await ec2.send(new CreateRouteCommand(input));
  report.created.push(`route ${cidr} -> ${pcx} in ${table}`);
}

export async function buildRoutes(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const { side1, side2, peering } = lab1Resources(snapshot);
  if (!side1.vpc || !side2.vpc || peering?.Status?.Code !== "active") throw new LabStepError("Step 2 first: the two VPCs need an active peering connection.");
  const report = emptyReport();
  const pcx = peering.VpcPeeringConnectionId!;
  await Promise.all([ensurePeeringRoute(clients.ec2, side1, side2, pcx, report), ensurePeeringRoute(clients.ec2, side2, side1, pcx, report)]);
  return report;
}

export async function buildInstances(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const { side1, side2 } = lab1Resources(snapshot);
  if (!side1.subnet || !side2.subnet) throw new LabStepError("Step 1 first: each VPC needs its public subnet.");
  const report = emptyReport();
  await Promise.all([
    ensureRunningInstance(clients, snapshot, side1, { lab: LAB, name: "lab1-instance-1", role: "instance-1", sgRole: "sg-1" }, report),
    ensureRunningInstance(clients, snapshot, side2, { lab: LAB, name: "lab1-instance-2", role: "instance-2", sgRole: "sg-2" }, report),
  ]);
  return report;
}

export async function buildConnect(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const { side1 } = lab1Resources(snapshot);
  if (side1.instance?.State?.Name !== "running") throw new LabStepError("Step 4 first: instance 1 must be running.");
  const report = emptyReport();
  await ensureSshFromInstanceConnect(clients, side1.securityGroup, report);
  await ensurePublicAddress(clients, snapshot, side1.instance, { lab: LAB, role: "eip-1", name: "lab1-eip-1" }, report);
  await runForStudent(clients, side1.instance.InstanceId!, "whoami", report);
  return report;
}

export async function buildPing(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const { side1, side2 } = lab1Resources(snapshot);
  const [one, two] = [side1.instance, side2.instance];
  if (!one?.InstanceId || !two?.InstanceId || !side2.securityGroup?.GroupId) throw new LabStepError("Step 4 first: both instances must exist.");
  const report = emptyReport();
  const ping = () => analyzePacketPath(indexSnapshot(snapshot), { from: { instanceId: one.InstanceId! }, to: { instanceId: two.InstanceId! }, protocol: "icmp" });
  const verdict = ping();
  const pingFromInstance1 = () => runForStudent(clients, one.InstanceId!, `ping -c 1 ${two.PrivateIpAddress}`, report);
  if (verdict.reachable) {
    await pingFromInstance1();
    return report;
  }
  const cidr = side1.vpc!.CidrBlock!;
  const hasIcmpRule = (side2.securityGroup.IpPermissions ?? []).some(
    (permission) => (permission.IpProtocol === "icmp" || permission.IpProtocol === "-1") && (permission.IpRanges ?? []).some((range) => range.CidrIp === cidr),
  );
  if (!hasIcmpRule) {
    await clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: side2.securityGroup.GroupId,
        IpPermissions: [{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: cidr, Description: "All ICMP - IPv4 from VPC 1" }] }],
      }),
    );
    report.created.push(`inbound rule on ${side2.securityGroup.GroupId}: All ICMP - IPv4 from ${cidr}`);
  }
  if (verdict.explanation && verdict.explanation.code !== "ENI_SG_RULES_MISMATCH") {
    report.notes.push(`${verdict.explanation.message} ${verdict.explanation.fix}`);
  }
  await pingFromInstance1();
  return report;
}
