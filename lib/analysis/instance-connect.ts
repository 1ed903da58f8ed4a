import { intToIpv4, parseIpv4Cidr } from "@/lib/cidr";
import { analyzePacketPath } from "./packet-path";
import type { SnapshotIndex } from "./lab-snapshot";
import type { PacketVerdict } from "./types";

/** The EC2_INSTANCE_CONNECT ranges of AWS's ip-ranges.json for the regions labs run in. */
export const INSTANCE_CONNECT_RANGES: Readonly<Record<string, string>> = {
  "us-east-1": "18.206.107.24/29",
  "us-east-2": "3.16.146.0/29",
  "us-west-1": "13.52.6.112/29",
  "us-west-2": "18.237.140.160/29",
  "ca-central-1": "35.183.92.176/29",
  "eu-west-1": "18.202.216.48/29",
  "eu-west-2": "3.8.37.24/29",
  "eu-west-3": "35.180.112.80/29",
  "eu-central-1": "3.120.181.40/29",
  "eu-north-1": "13.48.4.200/30",
  "ap-south-1": "13.233.177.0/29",
  "ap-northeast-1": "3.112.23.0/29",
  "ap-southeast-1": "3.0.5.32/29",
  "ap-southeast-2": "13.239.158.0/29",
  "sa-east-1": "18.228.70.32/29",
};

export type InstanceConnectRefusalReason =
  | "instance-not-running"
  | "no-public-ip"
  | "no-internet-gateway"
  | "no-route-to-internet-gateway"
  | "security-group"
  | "network-acl";

export interface InstanceConnectVerdict extends PacketVerdict {
  /** Why the browser SSH session does not open, in the words the console shows. */
  refusal?: { reason: InstanceConnectRefusalReason; message: string };
}

/** The AWS console's own words when the instance has no public address. */
export const NO_PUBLIC_IPV4_MESSAGE = "No public IPv4 address assigned — With no public IPv4 address, you can't use EC2 Instance Connect.";

export function instanceConnectRange(region: string): string {
  const range = INSTANCE_CONNECT_RANGES[region];
  if (!range) throw new Error(`No EC2 Instance Connect range is known for region ${region}`);
  return range;
}

function refusalOf(verdict: PacketVerdict, instanceId: string, range: string): InstanceConnectVerdict["refusal"] {
  const code = verdict.explanation?.code;
  const blocked = verdict.blockedAt;
  if (!code || !blocked) return undefined;
  if (code === "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS") return { reason: "no-public-ip", message: NO_PUBLIC_IPV4_MESSAGE };
  if (code === "BAD_STATE" && blocked.componentType === "instance") {
    return { reason: "instance-not-running", message: `Instance ${instanceId} is not running, so EC2 Instance Connect cannot reach it.` };
  }
  if (code === "BAD_STATE_ATTACHMENT") return { reason: "no-internet-gateway", message: `The instance's VPC has no internet gateway attached, so EC2 Instance Connect cannot reach it.` };
  if (code === "ENI_SG_RULES_MISMATCH") {
    return { reason: "security-group", message: `The instance's security group ${blocked.componentId} does not allow SSH (TCP port 22) from EC2 Instance Connect (${range}).` };
  }
  if (code === "SUBNET_ACL_RESTRICTION") return { reason: "network-acl", message: `Network ACL ${blocked.componentId} blocks SSH traffic between EC2 Instance Connect and the instance.` };
  return { reason: "no-route-to-internet-gateway", message: `Route table ${blocked.componentId} does not send 0.0.0.0/0 to an internet gateway, so the instance's replies never leave the VPC.` };
}

/**
 * Would an EC2 Instance Connect browser session to the instance open? It is an SSH (TCP 22)
 * packet from the region's Instance Connect range to the instance's public address, and back.
 */
export function analyzeInstanceConnect(index: SnapshotIndex, instanceId: string, region: string = index.snapshot.region): InstanceConnectVerdict {
  const range = instanceConnectRange(region);
  const firstAddress = intToIpv4(parseIpv4Cidr(range).network);
  const verdict = analyzePacketPath(index, { from: { address: firstAddress, range }, to: { instanceId }, protocol: "tcp", port: 22 });
  return { ...verdict, refusal: refusalOf(verdict, instanceId, range) };
}
