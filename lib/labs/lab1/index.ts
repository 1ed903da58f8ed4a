/** Lab 1 — VPC Peering, as docs/labs.md describes it. */
import { labelOf, labelWithDetail } from "@/lib/labs/resources";
import { failedPing, NO_RECORDS, openedSession, refusedSession, type StepEvidence, type StudentRecords, successfulPing } from "@/lib/labs/evidence";
import type { LabDefinition, StepContext } from "@/lib/labs/steps";
import { checkConnect, checkInstances, checkPeering, checkPing, checkRoutes, checkVpcs, LAB1_MOMENTS } from "./checks";
import { buildConnect, buildInstances, buildPeering, buildPing, buildRoutes, buildVpcs } from "./do-it";
import { lab1Inventory } from "./inventory";
import { instanceText, routeTableText, securityGroupText } from "@/lib/labs/shared/evidence-text";
import type { PublicSide } from "@/lib/labs/shared/public-side";
import { lab1Resources } from "./resources";

function sideSummary(side: PublicSide, n: number): string {
  if (!side.vpc) return `VPC ${n}: none`;
  const subnet = side.subnet ? labelWithDetail(side.subnet.SubnetId ?? "?", side.subnet.Tags, side.subnet.CidrBlock) : "none";
  const gateway = side.internetGateway ? labelOf(side.internetGateway.InternetGatewayId ?? "?", side.internetGateway.Tags) : "none";
  return `VPC ${n}: ${labelWithDetail(side.vpc.VpcId ?? "?", side.vpc.Tags, side.vpc.CidrBlock)}, subnet ${subnet}, internet gateway ${gateway}`;
}

function routeTables({ snapshot }: StepContext): string {
  const { side1, side2 } = lab1Resources(snapshot);
  return [routeTableText(side1.routeTable, side1.subnet?.SubnetId), "", routeTableText(side2.routeTable, side2.subnet?.SubnetId)].join("\n");
}

function instance1Evidence({ snapshot, records }: StepContext, find: (records: StudentRecords, instanceId: string) => StepEvidence | undefined) {
  const instanceId = lab1Resources(snapshot).side1.instance?.InstanceId;
  return instanceId ? find(records ?? NO_RECORDS, instanceId) : undefined;
}

function pingEvidence({ snapshot, records }: StepContext, find: (records: StudentRecords, from: string, toIp: string) => StepEvidence | undefined) {
  const { side1, side2 } = lab1Resources(snapshot);
  const [from, to] = [side1.instance?.InstanceId, side2.instance?.PrivateIpAddress];
  return from && to ? find(records ?? NO_RECORDS, from, to) : undefined;
}

function sides({ snapshot }: StepContext) {
  return lab1Resources(snapshot);
}

export const lab1: LabDefinition = {
  id: "vpc-peering",
  title: "VPC Peering",
  needsFacts: false,
  inventory: ({ snapshot }) => lab1Inventory(snapshot),
  steps: [
    {
      id: "vpcs",
      title: "Create two VPCs",
      instructions: [
        "Create VPC 1 with \"VPC and more\": IPv4 CIDR 10.1.0.0/16, one public subnet (10.1.0.0/24), an internet gateway, no NAT gateway.",
        "Create VPC 2 the same way with 10.2.0.0/16 (any range works as long as the two do not overlap).",
        "Each public subnet's route table sends 0.0.0.0/0 to the VPC's internet gateway, beside the local route.",
      ],
      doneMeans: "Both VPCs exist, their CIDRs do not overlap, and each has a public subnet whose route table sends 0.0.0.0/0 to an attached internet gateway.",
      check: async ({ snapshot }) => checkVpcs(snapshot),
      doIt: buildVpcs,
      evidence: (context) => {
        const { side1, side2 } = sides(context);
        return { summary: [sideSummary(side1, 1), sideSummary(side2, 2)].join("\n"), config: routeTables(context) };
      },
    },
    {
      id: "peering",
      title: "Create and accept a peering connection",
      instructions: [
        "In Peering connections, create a connection with VPC 1 as the requester and VPC 2 as the accepter.",
        "Select it and choose Actions > Accept request: it goes from pending-acceptance through provisioning to active.",
      ],
      doneMeans: "One active peering connection joins the two lab VPCs.",
      troubleshooting: LAB1_MOMENTS.peering,
      check: async ({ snapshot }) => checkPeering(snapshot),
      doIt: buildPeering,
      evidence: (context) => {
        const { peering } = sides(context);
        const summary = peering
          ? `Peering connection ${peering.VpcPeeringConnectionId}: ${peering.RequesterVpcInfo?.VpcId} (${peering.RequesterVpcInfo?.CidrBlock}) -> ${peering.AccepterVpcInfo?.VpcId} (${peering.AccepterVpcInfo?.CidrBlock}), ${peering.Status?.Code}`
          : "No peering connection";
        return { summary, config: summary };
      },
    },
    {
      id: "routes",
      title: "Route each VPC to the other",
      instructions: [
        "Nothing flows yet: each VPC only knows its own range and the internet.",
        "In VPC 1's public route table add 10.2.0.0/16 -> the peering connection; in VPC 2's add 10.1.0.0/16 -> the peering connection.",
      ],
      doneMeans: "Each public route table sends the other VPC's CIDR to the peering connection, and both routes are active.",
      check: async ({ snapshot }) => checkRoutes(snapshot),
      doIt: buildRoutes,
      evidence: (context) => ({ summary: "Routes to the other VPC through the peering connection, both ways.", config: routeTables(context) }),
    },
    {
      id: "instances",
      title: "Launch an instance in each VPC",
      instructions: [
        "Launch an Amazon Linux 2023 t2.micro in VPC 1's public subnet, without a key pair (EC2 Instance Connect brings a one-time key).",
        "Under Firewall (security groups), choose Create security group and allow SSH from EC2 Instance Connect's range (18.206.107.24/29 in us-east-1), not the VPC's default group: it allows no SSH.",
        "Launch a second instance the same way in VPC 2's public subnet. Wait until both are running.",
      ],
      doneMeans: "One running instance in each VPC.",
      check: async ({ snapshot }) => checkInstances(snapshot),
      doIt: buildInstances,
      evidence: (context) => {
        const { side1, side2 } = sides(context);
        return { summary: [instanceText(side1.instance, "Instance 1"), instanceText(side2.instance, "Instance 2")].join("\n"), config: securityGroupText(side1.securityGroup) };
      },
    },
    {
      id: "connect",
      title: "Connect to instance 1 with EC2 Instance Connect",
      instructions: [
        "Select instance 1 and choose Connect > EC2 Instance Connect.",
        "If the console refuses, read why before changing anything: the refusal names what is missing.",
        "Connected, the terminal shows a prompt like [ec2-user@ip-10-1-0-12 ~]$.",
      ],
      doneMeans: "You opened an EC2 Instance Connect session on instance 1: its terminal shows a shell prompt.",
      troubleshooting: LAB1_MOMENTS.connect,
      check: async ({ snapshot }) => checkConnect(snapshot),
      doing: {
        nextAction: "Select instance 1 and choose Connect > EC2 Instance Connect.",
        evidence: (context) => instance1Evidence(context, openedSession),
        metFailure: (context) => instance1Evidence(context, refusedSession),
      },
      doIt: buildConnect,
      evidence: (context) => {
        const { side1 } = sides(context);
        const address = context.snapshot.addresses.find((candidate) => candidate.InstanceId === side1.instance?.InstanceId);
        const eip = address ? `Elastic IP ${address.PublicIp} (${address.AllocationId}) associated with ${side1.instance?.InstanceId}` : instanceText(side1.instance, "Instance 1");
        return { summary: eip, config: securityGroupText(side1.securityGroup) };
      },
    },
    {
      id: "ping",
      title: "Ping instance 2 from instance 1",
      instructions: [
        "In instance 1's terminal, run ping -c 4 followed by instance 2's private IP.",
        "If nothing comes back, find out which hop drops the packet (the Tests tab traces it hop by hop), fix that, and ping again.",
      ],
      doneMeans: "An ICMP echo from instance 1 reaches instance 2's private IP and the reply comes back.",
      troubleshooting: LAB1_MOMENTS.ping,
      check: async ({ snapshot }) => checkPing(snapshot),
      doing: {
        nextAction: "In instance 1's terminal, run ping -c 4 followed by instance 2's private IP.",
        evidence: (context) => pingEvidence(context, successfulPing),
        metFailure: (context) => pingEvidence(context, failedPing),
      },
      doIt: buildPing,
      evidence: (context) => {
        const { side2 } = sides(context);
        return { summary: instanceText(side2.instance, "Instance 2"), config: securityGroupText(side2.securityGroup) };
      },
    },
  ],
};
