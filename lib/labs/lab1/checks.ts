/** "Check my work" for Lab 1: pure functions over a snapshot, with sentences naming ids and CIDRs. */
import type { Route } from "@aws-sdk/client-ec2";
import { analyzePacketPath, indexSnapshot, type LabSnapshot } from "@/lib/analysis";
import { cidrsOverlap, parseIpv4Cidr } from "@/lib/cidr";
import type { CheckResult } from "@/lib/labs/steps";
import type { PublicSide } from "@/lib/labs/shared/public-side";
import { checkInstanceConnect, publicSideFindings } from "@/lib/labs/shared/public-side-checks";
import { lab1Resources, type Lab1Resources } from "./resources";

export const LAB1_DEFAULT_CIDRS = ["10.1.0.0/16", "10.2.0.0/16"] as const;

export const LAB1_MOMENTS = {
  peering: {
    title: "The peering connection failed",
    explanation:
      "AWS accepts a peering request between VPCs whose CIDR blocks overlap, then fails the connection with \"Overlapping CIDR range\": packets for an address that exists on both sides could not be routed. A failed connection cannot be accepted or deleted (AWS lists it for two hours, then removes it): peer two VPCs with different ranges instead (e.g. 10.1.0.0/16 and 10.2.0.0/16), deleting one of the overlapping VPCs and creating it again with another range.",
  },
  connect: {
    title: "EC2 Instance Connect refuses to connect",
    explanation:
      "EC2 Instance Connect opens an SSH session from AWS's Instance Connect service, over the internet, to the instance's public IPv4 address. The subnets of Step 1 do not give instances a public address, so the console says \"No public IPv4 address assigned\". Allocate an Elastic IP and associate it with the instance; the security group must also allow TCP 22 from the service's range, and the subnet must route 0.0.0.0/0 to an internet gateway.",
  },
  ping: {
    title: "The ping gets no answer",
    explanation:
      "ping prints its header and then nothing: 100% packet loss, with no error message. Peering and routes are in place, but instance 2's security group allows no ICMP from VPC 1, so the echo request is dropped silently. Add an inbound rule to instance 2's security group: All ICMP - IPv4 from VPC 1's CIDR. Security groups are stateful (the reply is allowed automatically); a network ACL deny, a missing route on either side or a stopped instance also show as 100% loss.",
  },
} as const;

const done = (findings: string[]): CheckResult => ({ done: true, findings });
const notDone = (findings: string[]): CheckResult => ({ done: false, findings });

function vpcLabel(side: PublicSide, n: number): string {
  return `VPC ${n} (${side.vpc?.VpcId}, ${side.vpc?.CidrBlock})`;
}

export function checkVpcs(snapshot: LabSnapshot): CheckResult {
  const { side1, side2 } = lab1Resources(snapshot);
  const missing = [side1, side2].flatMap((side, index) =>
    side.vpc ? [] : [`VPC ${index + 1} does not exist yet: create it (e.g. ${LAB1_DEFAULT_CIDRS[index]}) with a public subnet ("VPC and more").`],
  );
  if (missing.length) return notDone(missing);
  const findings: string[] = [];
  if (cidrsOverlap(side1.vpc!.CidrBlock!, side2.vpc!.CidrBlock!)) {
    findings.push(`${vpcLabel(side1, 1)} and ${vpcLabel(side2, 2)} overlap: peering needs CIDR blocks that do not overlap.`);
  }
  findings.push(...publicSideFindings(side1, "VPC 1"), ...publicSideFindings(side2, "VPC 2"));
  if (findings.length) return notDone(findings);
  return done([`${vpcLabel(side1, 1)} and ${vpcLabel(side2, 2)} each have a public subnet whose route table sends 0.0.0.0/0 to an attached internet gateway.`]);
}

function needVpcs(resources: Lab1Resources): string[] {
  return resources.side1.vpc && resources.side2.vpc ? [] : ["Step 1 first: both VPCs must exist."];
}

export function checkPeering(snapshot: LabSnapshot): CheckResult {
  const resources = lab1Resources(snapshot);
  const prerequisite = needVpcs(resources);
  if (prerequisite.length) return notDone(prerequisite);
  const { side1, side2, peering } = resources;
  const [id1, id2] = [side1.vpc!.VpcId, side2.vpc!.VpcId];
  if (!peering) return notDone([`No peering connection joins VPC 1 (${id1}) and VPC 2 (${id2}): request one from VPC 1 to VPC 2, then accept it.`]);
  const pcx = peering.VpcPeeringConnectionId;
  const status = peering.Status?.Code ?? "unknown";
  switch (status) {
    case "active":
      return done([`Peering connection ${pcx} between VPC 1 (${id1}) and VPC 2 (${id2}) is active.`]);
    case "pending-acceptance":
      return notDone([`Peering connection ${pcx} is pending-acceptance: accept it as the owner of VPC 2 (${id2}).`]);
    case "failed": {
      const reason = peering.Status?.Message ?? "Failed";
      return {
        done: false,
        findings: [`Peering connection ${pcx} failed: ${reason}. AWS lets no one accept or delete a failed connection (it removes it after two hours): peer two VPCs whose CIDR blocks do not overlap.`],
        moment: {
          ...LAB1_MOMENTS.peering,
          verdict: `Peering connection ${pcx} is failed (${reason}), not active.`,
          fix: `Peer two VPCs whose CIDR blocks do not overlap: delete one of the overlapping VPCs and create it again with another range (${pcx} itself cannot be deleted; AWS removes it after two hours).`,
          output: reason,
        },
      };
    }
    case "rejected":
    case "expired":
      return notDone([`Peering connection ${pcx} was ${status}: request a new one from VPC 1 to VPC 2 and accept it.`]);
    default:
      return notDone([`Peering connection ${pcx} is ${status}: wait a moment and check again.`]);
  }
}

function covers(route: Route, cidr: string): boolean {
  if (!route.DestinationCidrBlock) return false;
  const destination = parseIpv4Cidr(route.DestinationCidrBlock);
  const wanted = parseIpv4Cidr(cidr);
  return destination.prefixLength <= wanted.prefixLength && cidrsOverlap(route.DestinationCidrBlock, cidr);
}

/** The route the subnet's table uses for the other VPC's block: the exact one, else the narrowest covering one (not 0.0.0.0/0). */
export function routeToward(side: PublicSide, cidr: string): Route | undefined {
  const routes = (side.routeTable?.Routes ?? []).filter((route) => route.DestinationCidrBlock !== "0.0.0.0/0" && covers(route, cidr));
  return routes.sort((a, b) => parseIpv4Cidr(b.DestinationCidrBlock!).prefixLength - parseIpv4Cidr(a.DestinationCidrBlock!).prefixLength)[0];
}

function peeringRouteFindings(side: PublicSide, n: number, other: PublicSide, m: number, pcx: string): string[] {
  const table = side.routeTable?.RouteTableId ?? "(none)";
  const cidr = other.vpc!.CidrBlock!;
  const route = routeToward(side, cidr);
  if (!route) return [`VPC ${n}'s route table ${table} has no route to ${cidr} (VPC ${m}'s CIDR) through ${pcx}.`];
  const target = route.VpcPeeringConnectionId ?? route.GatewayId ?? route.NatGatewayId ?? route.InstanceId ?? route.TransitGatewayId ?? "?";
  if (target !== pcx) return [`VPC ${n}'s route table ${table} sends ${route.DestinationCidrBlock} to ${target}, not to the peering connection ${pcx}.`];
  if (route.State === "blackhole") return [`VPC ${n}'s route table ${table} has a route to ${route.DestinationCidrBlock} through ${pcx}, but it is a blackhole.`];
  return [];
}

export function checkRoutes(snapshot: LabSnapshot): CheckResult {
  const resources = lab1Resources(snapshot);
  const { side1, side2, peering } = resources;
  if (needVpcs(resources).length) return notDone(needVpcs(resources));
  if (peering?.Status?.Code !== "active") return notDone(["Step 2 first: the two VPCs need an active peering connection."]);
  const pcx = peering.VpcPeeringConnectionId!;
  const findings = [...peeringRouteFindings(side1, 1, side2, 2, pcx), ...peeringRouteFindings(side2, 2, side1, 1, pcx)];
  if (findings.length) return notDone(findings);
  return done([
    `VPC 1's route table ${side1.routeTable?.RouteTableId} sends ${side2.vpc!.CidrBlock} to ${pcx}, and VPC 2's route table ${side2.routeTable?.RouteTableId} sends ${side1.vpc!.CidrBlock} to ${pcx}.`,
  ]);
}

function instanceFindings(side: PublicSide, n: number): string[] {
  if (!side.instance) return [`VPC ${n} (${side.vpc!.VpcId}) has no instance: launch one in subnet ${side.subnet?.SubnetId ?? "(create a subnet first)"}.`];
  const state = side.instance.State?.Name;
  return state === "running" ? [] : [`Instance ${n} ${side.instance.InstanceId} is ${state}; it must be running.`];
}

export function checkInstances(snapshot: LabSnapshot): CheckResult {
  const resources = lab1Resources(snapshot);
  if (needVpcs(resources).length) return notDone(needVpcs(resources));
  const { side1, side2 } = resources;
  const findings = [...instanceFindings(side1, 1), ...instanceFindings(side2, 2)];
  if (findings.length) return notDone(findings);
  return done([
    `Instance 1 ${side1.instance!.InstanceId} (${side1.instance!.PrivateIpAddress}) and instance 2 ${side2.instance!.InstanceId} (${side2.instance!.PrivateIpAddress}) are running.`,
  ]);
}

export function checkConnect(snapshot: LabSnapshot): CheckResult {
  return checkInstanceConnect(snapshot, lab1Resources(snapshot).side1, "instance 1", LAB1_MOMENTS.connect);
}

export function checkPing(snapshot: LabSnapshot): CheckResult {
  const { side1, side2 } = lab1Resources(snapshot);
  const [one, two] = [side1.instance, side2.instance];
  if (!one?.InstanceId || !two?.InstanceId || !two.PrivateIpAddress) return notDone(["Step 4 first: both instances must exist."]);
  const verdict = analyzePacketPath(indexSnapshot(snapshot), { from: { instanceId: one.InstanceId }, to: { instanceId: two.InstanceId }, protocol: "icmp" });
  if (verdict.reachable) {
    return done([`Instance 1 (${one.PrivateIpAddress}) pings instance 2 (${two.PrivateIpAddress}): the echo request and its reply both get through.`]);
  }
  const explanation = verdict.explanation!;
  return {
    done: false,
    findings: [`ping ${two.PrivateIpAddress} from instance 1 gets no reply: ${explanation.message} ${explanation.fix}`],
    moment: { ...LAB1_MOMENTS.ping, verdict: explanation.message, fix: explanation.fix, hops: verdict.hops },
  };
}
