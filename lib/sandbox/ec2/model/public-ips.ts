/**
 * Public IPv4 addresses of the sandbox. They look like us-east-1's (3.80.0.0/12) but are never
 * routed anywhere: the sandbox only simulates them.
 */
import crypto from "node:crypto";
import { intToIpv4, parseStrictIpv4 } from "@/lib/cidr";
import type { Ec2State } from "./types";

const POOL_START = parseStrictIpv4("3.80.0.0")!;
const POOL_SIZE = 2 ** 20;

function publicIpsInUse(state: Ec2State): Set<string> {
  const used = new Set<string>();
  for (const instance of Object.values(state.instances)) if (instance.publicIpAddress) used.add(instance.publicIpAddress);
  for (const address of Object.values(state.addresses)) used.add(address.publicIp);
  return used;
}

/** A random unused address of the pool, never a .0 or .255. */
export function allocatePublicIp(state: Ec2State): string {
  const used = publicIpsInUse(state);
  for (;;) {
    const candidate = intToIpv4(POOL_START + crypto.randomInt(POOL_SIZE));
    const lastOctet = Number(candidate.slice(candidate.lastIndexOf(".") + 1));
    if (lastOctet !== 0 && lastOctet !== 255 && !used.has(candidate)) return candidate;
  }
}

/** ec2-3-85-1-2.compute-1.amazonaws.com in us-east-1, ec2-….<region>.compute.amazonaws.com elsewhere. */
export function publicDnsName(publicIp: string, region: string): string {
  const host = `ec2-${publicIp.replace(/\./g, "-")}`;
  return region === "us-east-1" ? `${host}.compute-1.amazonaws.com` : `${host}.${region}.compute.amazonaws.com`;
}

/** ip-10-1-0-12.ec2.internal in us-east-1, ip-….<region>.compute.internal elsewhere. */
export function privateDnsName(privateIp: string, region: string): string {
  const host = `ip-${privateIp.replace(/\./g, "-")}`;
  return region === "us-east-1" ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}
