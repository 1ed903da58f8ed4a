/**
 * The AWS resource ids the console reads and names, in one table: a prefix, then 8 (older
 * resources) or 17 lowercase hex digits. Which ids an action must own, which a NotFound message
 * may name and which kind of box a diagram draws all come from here.
 */
export type ResourceKind =
  | "vpc"
  | "subnet"
  | "instance"
  | "internet-gateway"
  | "route-table"
  | "route-table-association"
  | "peering-connection"
  | "security-group"
  | "network-acl"
  | "vpc-endpoint"
  | "elastic-ip"
  | "elastic-ip-association";

interface IdKind {
  prefix: string;
  kind: ResourceKind;
  /** A resource the console creates and tags, so an action naming it must own it; associations belong to what they join. */
  owned: boolean;
}

export const RESOURCE_IDS: readonly IdKind[] = [
  { prefix: "vpc", kind: "vpc", owned: true },
  { prefix: "subnet", kind: "subnet", owned: true },
  { prefix: "i", kind: "instance", owned: true },
  { prefix: "igw", kind: "internet-gateway", owned: true },
  { prefix: "rtb", kind: "route-table", owned: true },
  { prefix: "rtbassoc", kind: "route-table-association", owned: false },
  { prefix: "pcx", kind: "peering-connection", owned: true },
  { prefix: "sg", kind: "security-group", owned: true },
  { prefix: "acl", kind: "network-acl", owned: true },
  { prefix: "vpce", kind: "vpc-endpoint", owned: true },
  { prefix: "eipalloc", kind: "elastic-ip", owned: true },
  { prefix: "eipassoc", kind: "elastic-ip-association", owned: false },
];

const HEX_PART = "[0-9a-f]{8,17}";

/** An id of one kind, whole: `^sg-[0-9a-f]{8,17}$`. */
export function idPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}-${HEX_PART}$`);
}

const alternatives = (kinds: readonly IdKind[]) => kinds.map((kind) => kind.prefix).join("|");

/** Any id the table knows, whole. */
const ANY_ID = new RegExp(`^(${alternatives(RESOURCE_IDS)})-${HEX_PART}$`);
/** An id an action must own, whole. */
export const OWNED_ID = new RegExp(`^(${alternatives(RESOURCE_IDS.filter((kind) => kind.owned))})-${HEX_PART}$`);
/** Every id in a text (AWS's NotFound messages name them). */
export const IDS_IN_TEXT = new RegExp(`\\b(?:${alternatives(RESOURCE_IDS)})-${HEX_PART}\\b`, "g");

/** The kind an id names, or undefined when it is not an id the table knows (a bucket name, say). */
export function kindOfResourceId(id: string): ResourceKind | undefined {
  if (!ANY_ID.test(id)) return undefined;
  const prefix = id.slice(0, id.lastIndexOf("-"));
  return RESOURCE_IDS.find((kind) => kind.prefix === prefix)?.kind;
}
