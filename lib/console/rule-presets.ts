// No zod here: the security group panel imports the presets into the browser bundle.

/** The rule presets of the security group panel, as the AWS console names them. */
export const RULE_PRESETS = {
  "all-icmp-ipv4": { label: "All ICMP - IPv4", protocol: "icmp", fromPort: -1, toPort: -1 },
  ssh: { label: "SSH", protocol: "tcp", fromPort: 22, toPort: 22 },
  http: { label: "HTTP", protocol: "tcp", fromPort: 80, toPort: 80 },
  https: { label: "HTTPS", protocol: "tcp", fromPort: 443, toPort: 443 },
  "all-traffic": { label: "All traffic", protocol: "-1", fromPort: undefined, toPort: undefined },
  "custom-tcp": { label: "Custom TCP", protocol: "tcp", fromPort: undefined, toPort: undefined },
  "custom-udp": { label: "Custom UDP", protocol: "udp", fromPort: undefined, toPort: undefined },
} as const;

export type RulePreset = keyof typeof RULE_PRESETS;

/** A rule's protocol and ports, as an IpPermission gives them. */
export interface RuleTraffic {
  protocol: string;
  fromPort?: number;
  toPort?: number;
}

/** The AWS console's name of a well-known TCP port in its rule Type column. */
const NAMED_TCP_PORTS: Record<number, string> = { 22: RULE_PRESETS.ssh.label, 80: RULE_PRESETS.http.label, 443: RULE_PRESETS.https.label };

const PROTOCOL_NAMES: Record<string, "TCP" | "UDP"> = { tcp: "TCP", "6": "TCP", udp: "UDP", "17": "UDP" };

const isIcmp = (rule: RuleTraffic) => rule.protocol === "icmp" || rule.protocol === "1";
const isWholeRange = (rule: RuleTraffic) => rule.fromPort === 0 && rule.toPort === 65535;

/** The rule's Type column in the AWS console: "SSH", "All ICMP - IPv4", "Custom TCP", "All TCP", "All traffic". */
export function ruleTypeName(rule: RuleTraffic): string {
  if (rule.protocol === "-1") return RULE_PRESETS["all-traffic"].label;
  if (isIcmp(rule)) return rule.fromPort === -1 || rule.fromPort === undefined ? RULE_PRESETS["all-icmp-ipv4"].label : "Custom ICMP - IPv4";
  const name = PROTOCOL_NAMES[rule.protocol.toLowerCase()];
  if (!name) return "Custom protocol";
  if (isWholeRange(rule)) return `All ${name}`;
  const named = name === "TCP" && rule.fromPort === rule.toPort && rule.fromPort !== undefined ? NAMED_TCP_PORTS[rule.fromPort] : undefined;
  return named ?? `Custom ${name}`;
}

/** The rule's Protocol column: "TCP", "UDP", "ICMP", "All", or the protocol's number. */
export function ruleProtocolName(rule: RuleTraffic): string {
  if (rule.protocol === "-1") return "All";
  if (isIcmp(rule)) return "ICMP";
  return PROTOCOL_NAMES[rule.protocol.toLowerCase()] ?? rule.protocol;
}

/** The rule's Port range column: "22", "1024 - 65535", "All", or an ICMP rule's type. */
export function rulePortRange(rule: RuleTraffic): string {
  if (rule.protocol === "-1" || (isIcmp(rule) && (rule.fromPort === -1 || rule.fromPort === undefined))) return "All";
  if (isIcmp(rule)) return `type ${rule.fromPort}`;
  if (rule.fromPort === undefined) return "All";
  return rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort} - ${rule.toPort}`;
}

/**
 * A rule's Type with the ports its name does not say, for one table cell: "SSH (TCP 22)",
 * "All ICMP - IPv4", "Custom TCP 8080", "All TCP", "All traffic".
 */
export function ruleTypeLabel(rule: RuleTraffic): string {
  const type = ruleTypeName(rule);
  if (type.startsWith("All ")) return type;
  if (isIcmp(rule)) return `ICMP ${rulePortRange(rule)}`;
  if (type === "Custom protocol") return `${type} ${rule.protocol}`;
  const ports = rulePortRange(rule).replace(" - ", "-");
  return type.startsWith("Custom ") ? `${type} ${ports}` : `${type} (${ruleProtocolName(rule)} ${ports})`;
}
