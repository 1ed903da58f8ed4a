/** Strict IPv4 address and CIDR handling for EC2's checks (AWS refuses what these refuse). */

export interface Cidr {
  /** Canonical text, host bits cleared. */
  text: string;
  network: number;
  prefixLength: number;
}

const ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): number | null {
  const match = ADDRESS.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Parses "a.b.c.d/n"; null when it is not a CIDR block at all. */
export function parseCidr(text: string): (Cidr & { hostBitsSet: boolean }) | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const address = parseIpv4(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === null || !/^\d{1,2}$/.test(lengthText) || Number(lengthText) > 32) return null;
  const prefixLength = Number(lengthText);
  const network = (address & maskOf(prefixLength)) >>> 0;
  return { text: `${formatIpv4(network)}/${prefixLength}`, network, prefixLength, hostBitsSet: network !== address };
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefixLength);
}

export function cidrContainsAddress(cidr: Cidr, address: number): boolean {
  return ((address & maskOf(cidr.prefixLength)) >>> 0) === cidr.network;
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.prefixLength >= outer.prefixLength && cidrContainsAddress(outer, inner.network);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrWithin(a, b) || cidrWithin(b, a);
}

/** Parses a CIDR already validated and stored in the state. */
export function storedCidr(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`stored CIDR ${text} is invalid`);
  return cidr;
}
