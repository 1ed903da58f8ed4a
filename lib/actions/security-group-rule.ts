import type { IpPermission } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { cidrBlock } from "./schemas";

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

export const ruleInput = z
  .object({
    preset: z.enum(Object.keys(RULE_PRESETS) as [RulePreset, ...RulePreset[]], { error: "Choose a rule type." }),
    port: z.coerce.number().int().min(0).max(65535).optional(),
    source: z.union([cidrBlock, z.string().regex(/^sg-[0-9a-f]{8,17}$/)], { error: "Enter a CIDR block such as 10.1.0.0/16, or a security group id." }),
    description: z.string().trim().max(255).optional().default(""),
  })
  .refine((rule) => !rule.preset.startsWith("custom") || rule.port !== undefined, { message: "Enter a port.", path: ["port"] });

export function ipPermissionOf(rule: z.output<typeof ruleInput>): IpPermission {
  const preset = RULE_PRESETS[rule.preset];
  const fromPort = preset.fromPort ?? rule.port;
  const toPort = preset.toPort ?? rule.port;
  const description = rule.description || undefined;
  const peer = rule.source.startsWith("sg-")
    ? { UserIdGroupPairs: [{ GroupId: rule.source, Description: description }] }
    : { IpRanges: [{ CidrIp: rule.source, Description: description }] };
  return { IpProtocol: preset.protocol, FromPort: fromPort, ToPort: toPort, ...peer };
}
