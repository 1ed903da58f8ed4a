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
