import { z } from "zod";
import { cidrBlock, networkAclId } from "@/lib/console/schemas";

const PROTOCOL_NUMBERS = { all: "-1", tcp: "6", udp: "17", icmp: "1" } as const;

export const aclEntryInput = z
  .object({
    networkAclId,
    ruleNumber: z.coerce.number().int().min(1, "Rule numbers run from 1 to 32766.").max(32766, "Rule numbers run from 1 to 32766."),
    egress: z.boolean(),
    protocol: z.enum(["all", "tcp", "udp", "icmp"]),
    ruleAction: z.enum(["allow", "deny"]),
    cidr: cidrBlock,
    fromPort: z.coerce.number().int().min(0).max(65535).optional(),
    toPort: z.coerce.number().int().min(0).max(65535).optional(),
  })
  .refine((entry) => !["tcp", "udp"].includes(entry.protocol) || (entry.fromPort !== undefined && entry.toPort !== undefined), {
    message: "Enter a port range for TCP or UDP.",
    path: ["fromPort"],
  });

export function aclEntryParameters(entry: z.output<typeof aclEntryInput>) {
  return {
    NetworkAclId: entry.networkAclId,
    RuleNumber: entry.ruleNumber,
    Egress: entry.egress,
    Protocol: PROTOCOL_NUMBERS[entry.protocol],
    RuleAction: entry.ruleAction,
    CidrBlock: entry.cidr,
    PortRange: ["tcp", "udp"].includes(entry.protocol) ? { From: entry.fromPort, To: entry.toPort } : undefined,
    IcmpTypeCode: entry.protocol === "icmp" ? { Type: -1, Code: -1 } : undefined,
  };
}
