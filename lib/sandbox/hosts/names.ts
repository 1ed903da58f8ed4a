import ipaddr from "ipaddr.js";
import { hostFacts, privateDnsName } from "./host-facts";
import type { World } from "./types";

export interface NameLookup {
  address: string;
  /** What ping and curl print as the target: the name typed, or the address. */
  displayName: string;
  /** The target was typed as an address, so replies are shown by address only. */
  numeric: boolean;
  /** The name the address resolves back to (for `64 bytes from NAME (ADDRESS)`). */
  reverseName: string;
  /** The instance itself: traffic stays on the loopback interface. */
  local: boolean;
}

const EC2_NAME = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?:\.ec2\.internal|\.[a-z0-9-]+\.compute\.internal)?$/;

function isOwnVpcAddress(world: World, instanceId: string, address: string): boolean {
  const eni = world.index.instances.get(instanceId);
  const blocks = eni ? (world.index.vpcs.get(eni.vpcId)?.blocks ?? []) : [];
  const parsed = ipaddr.IPv4.parse(address);
  return blocks.some((block) => parsed.match(ipaddr.IPv4.parse(block.cidr.split("/")[0]), block.prefixLength));
}

function knownPrivateAddress(world: World, address: string): boolean {
  for (const eni of world.index.instances.values()) if (eni.privateIp === address) return true;
  return false;
}

/**
 * Resolves a host name as the instance's resolver would: addresses as typed, localhost, its own
 * name, and EC2 private DNS names (ip-10-2-0-25.ec2.internal) of addresses in the lab.
 * Other names are unknown to this simulated host, so they fail to resolve.
 */
export function resolveName(world: World, instanceId: string, name: string): NameLookup | undefined {
  const facts = hostFacts(world, instanceId);
  if (ipaddr.IPv4.isValidFourPartDecimal(name)) {
    const local = name.startsWith("127.") || name === facts.privateIp;
    return { address: name, displayName: name, numeric: true, reverseName: name, local };
  }
  const lowered = name.toLowerCase();
  if (lowered === "localhost" || lowered === "localhost.localdomain") {
    return { address: "127.0.0.1", displayName: name, numeric: false, reverseName: "localhost", local: true };
  }
  if (lowered === facts.fqdn || lowered === facts.shortName) {
    return { address: facts.privateIp, displayName: name, numeric: false, reverseName: facts.fqdn, local: true };
  }
  const match = EC2_NAME.exec(lowered);
  if (!match) return undefined;
  const address = match.slice(1, 5).join(".");
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return undefined;
  if (!knownPrivateAddress(world, address) && !isOwnVpcAddress(world, instanceId, address)) return undefined;
  return { address, displayName: name, numeric: false, reverseName: privateDnsName(address, world.snapshot.region), local: false };
}
