import { fnv1a } from "@/lib/seeded-random";
import ipaddr from "ipaddr.js";
import type { World } from "./types";

/** What the instance knows about itself: names, addresses, interface, placement. */
export interface HostFacts {
  instanceId: string;
  instanceType: string;
  imageId: string;
  region: string;
  availabilityZone: string;
  privateIp: string;
  publicIp?: string;
  /** The name `hostname` prints: ip-10-1-0-12.ec2.internal. */
  fqdn: string;
  /** The prompt's host: ip-10-1-0-12. */
  shortName: string;
  mac: string;
  interfaceName: string;
  networkInterfaceId?: string;
  subnetCidr: string;
  vpcId: string;
  securityGroupNames: string[];
  /** IMDS's HttpTokens: AL2023 AMIs launch with "required" (IMDSv2 only). */
  httpTokens: "required" | "optional";
}

/** Instance families on the Xen hypervisor: AL2023 names their interface enX0 (Nitro: ens5). */
const XEN_FAMILIES = new Set(["t1", "t2", "m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "i2", "i3", "d2", "x1", "x1e", "h1", "g2", "g3", "p2", "p3", "f1"]);

export function interfaceNameFor(instanceType: string): string {
  return XEN_FAMILIES.has(instanceType.split(".")[0]) ? "enX0" : "ens5";
}

/** EC2's private DNS name: ip-10-1-0-12.ec2.internal in us-east-1, ip-….<region>.compute.internal elsewhere. */
export function privateDnsName(privateIp: string, region: string): string {
  const label = `ip-${privateIp.replaceAll(".", "-")}`;
  return region === "us-east-1" ? `${label}.ec2.internal` : `${label}.${region}.compute.internal`;
}

/**
 * The interface's MAC as DescribeInstances reports it; when the snapshot has none, a stable
 * locally administered address (EC2's MACs start 02/06/0a/0e/12…) derived from the instance id.
 */
function macOf(instanceId: string, reported?: string): string {
  if (reported) return reported.toLowerCase();
  const first = fnv1a(instanceId);
  const second = fnv1a(`${instanceId}/mac`);
  const bytes = [0x0a, first >>> 24, (first >>> 16) & 255, (first >>> 8) & 255, first & 255, second & 255];
  return bytes.map((byte) => byte.toString(16).padStart(2, "0")).join(":");
}

export function hostFacts(world: World, instanceId: string): HostFacts {
  const eni = world.index.instances.get(instanceId);
  if (!eni) throw new Error(`Instance ${instanceId} is not in the world`);
  const { instance } = eni;
  const region = world.snapshot.region;
  const primary = instance.NetworkInterfaces?.find((candidate) => candidate.Attachment?.DeviceIndex === 0) ?? instance.NetworkInterfaces?.[0];
  const fqdn = instance.PrivateDnsName || privateDnsName(eni.privateIp, region);
  const subnet = world.index.subnets.get(eni.subnetId);
  const groupNames = (instance.SecurityGroups ?? []).map((group) => group.GroupName ?? group.GroupId ?? "");
  return {
    instanceId,
    instanceType: instance.InstanceType ?? "t2.micro",
    imageId: instance.ImageId ?? "",
    region,
    availabilityZone: instance.Placement?.AvailabilityZone ?? subnet?.AvailabilityZone ?? `${region}a`,
    privateIp: eni.privateIp,
    publicIp: eni.publicIp,
    fqdn,
    shortName: fqdn.split(".")[0],
    mac: macOf(instanceId, primary?.MacAddress),
    interfaceName: interfaceNameFor(instance.InstanceType ?? "t2.micro"),
    networkInterfaceId: primary?.NetworkInterfaceId,
    subnetCidr: subnet?.CidrBlock ?? `${eni.privateIp}/32`,
    vpcId: eni.vpcId,
    securityGroupNames: groupNames,
    httpTokens: instance.MetadataOptions?.HttpTokens === "optional" ? "optional" : "required",
  };
}

export function subnetPrefixLength(cidr: string): number {
  return ipaddr.IPv4.parseCIDR(cidr)[1];
}

export function broadcastOf(cidr: string): string {
  return ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString();
}

/** Integer in [low, high]. */
export function between(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}
