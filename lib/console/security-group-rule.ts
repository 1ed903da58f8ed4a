import type { IpPermission } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { RULE_PRESETS, type RulePreset } from "@/lib/console/rule-presets";
import { cidrBlock } from "@/lib/console/schemas";

export { RULE_PRESETS, type RulePreset };

export const ruleInput = z
  .object({
    preset: z.enum(Object.keys(RULE_PRESETS) as [RulePreset, ...RulePreset[]], { error: "Choose a rule type." }),
    port: z.coerce.number().int().min(0).max(65535).optional(),
    source: z.union([cidrBlock, z.string().regex(/^sg-[0-9a-f]{8,17}$/)], { error: "Enter a CIDR block such as 10.1.0.0/16, or a security group id." }),
    // Its length and characters are AWS's to judge: its own message names the set it takes.
    description: z.string().trim().optional().default(""),
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
