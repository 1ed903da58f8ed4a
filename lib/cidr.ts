/**
 * IPv4 addresses and CIDR blocks, on ipaddr.js: the one place the console, the analysis and the
 * sandbox's EC2 checks do address math. Two parsers: a lenient one for blocks already accepted
 * (stored state, rules), and a strict one that refuses what EC2 refuses ("10.1.0.0/16" exactly,
 * no leading zeros, a prefix length 0–32) and says whether host bits were set.
 */
import ipaddr from "ipaddr.js";

/** An IPv4 CIDR block as two unsigned 32-bit integers, ready for fast containment tests. */
export interface Ipv4Block {
  cidr: string;
  network: number;
  prefixLength: number;
}

/** Parses a dotted IPv4 address into an unsigned 32-bit integer; throws on anything else. */
export function ipv4ToInt(address: string): number {
  const octets = ipaddr.IPv4.parse(address).octets;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

export function isIpv4(address: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(address);
}

function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Parses "10.1.0.0/16" (a bare address counts as /32). Host bits are cleared, as AWS does. */
export function parseIpv4Cidr(cidr: string): Ipv4Block {
  const [address, length] = cidr.includes("/") ? ipaddr.IPv4.parseCIDR(cidr) : [ipaddr.IPv4.parse(cidr), 32];
  const value = ipv4ToInt(address.toString());
  return { cidr, network: (value & maskOf(length)) >>> 0, prefixLength: length };
}

export function blockContains(block: Ipv4Block, address: number): boolean {
  return ((address & maskOf(block.prefixLength)) >>> 0) === block.network;
}

export function cidrContains(cidr: string, address: string): boolean {
  return blockContains(parseIpv4Cidr(cidr), ipv4ToInt(address));
}

/** The strict parse of user input: null when it is not "a.b.c.d/n"; `cidr` is the canonical text (host bits cleared). */
export function parseStrictIpv4Cidr(text: string): (Ipv4Block & { hostBitsSet: boolean }) | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const address = parseStrictIpv4(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === null || !/^\d{1,2}$/.test(lengthText) || Number(lengthText) > 32) return null;
  const prefixLength = Number(lengthText);
  const network = (address & maskOf(prefixLength)) >>> 0;
  return { cidr: `${intToIpv4(network)}/${prefixLength}`, network, prefixLength, hostBitsSet: network !== address };
}

/** A dotted-decimal IPv4 address as EC2 accepts it, or null. */
export function parseStrictIpv4(text: string): number | null {
  return isIpv4(text) ? ipv4ToInt(text) : null;
}

/** A block validated before it was stored (state, constants): a bad one is a bug, not input. */
export function storedIpv4Block(text: string): Ipv4Block {
  const block = parseStrictIpv4Cidr(text);
  if (!block) throw new Error(`stored CIDR ${text} is invalid`);
  return block;
}

/** Whether the text is an IPv4 CIDR block as EC2 accepts it (host bits may be set). */
export function isIpv4Cidr(text: string): boolean {
  return parseStrictIpv4Cidr(text) !== null;
}

export function blockSize(block: Ipv4Block): number {
  return 2 ** (32 - block.prefixLength);
}

/** Whether `inner` lies entirely inside `outer`. */
export function blockWithin(inner: Ipv4Block, outer: Ipv4Block): boolean {
  return inner.prefixLength >= outer.prefixLength && blockContains(outer, inner.network);
}

export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  const mask = maskOf(shorter);
  return ((a.network & mask) >>> 0) === ((b.network & mask) >>> 0);
}

/** Whether two CIDR blocks, as text, share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return blocksOverlap(parseIpv4Cidr(a), parseIpv4Cidr(b));
}

/**
 * The first block of `prefixLength` inside `within` that overlaps none of `taken` (a new subnet's
 * range), or undefined when every one does.
 */
export function firstFreeBlock(within: string, prefixLength: number, taken: readonly string[]): string | undefined {
  const outer = parseIpv4Cidr(within);
  const length = Math.max(prefixLength, outer.prefixLength);
  const used = taken.map(parseIpv4Cidr);
  for (let index = 0; index < 2 ** (length - outer.prefixLength); index++) {
    const network = (outer.network + index * 2 ** (32 - length)) >>> 0;
    const candidate = { cidr: `${intToIpv4(network)}/${length}`, network, prefixLength: length };
    if (!used.some((block) => blocksOverlap(block, candidate))) return candidate.cidr;
  }
  return undefined;
}

/** The most specific block containing the address, or undefined. Ties keep the earliest block. */
export function longestPrefixMatch<T extends { block: Ipv4Block }>(entries: readonly T[], address: number): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (blockContains(entry.block, address) && (!best || entry.block.prefixLength > best.block.prefixLength)) best = entry;
  }
  return best;
}

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(parseIpv4Cidr);

/** RFC 1918 private space: an internet gateway never forwards these. */
export function isRfc1918(address: number): boolean {
  return PRIVATE_RANGES.some((block) => blockContains(block, address));
}

const blockCache = new Map<string, Ipv4Block>();
const BLOCK_CACHE_LIMIT = 100_000;

/** parseIpv4Cidr, remembered: rules are matched far more often than they change. */
export function cachedIpv4Block(cidr: string): Ipv4Block {
  let block = blockCache.get(cidr);
  if (!block) {
    if (blockCache.size >= BLOCK_CACHE_LIMIT) blockCache.clear();
    block = parseIpv4Cidr(cidr);
    blockCache.set(cidr, block);
  }
  return block;
}
