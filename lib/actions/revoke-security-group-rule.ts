"use server";

import { RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand, type IpPermission } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { cidrBlock, securityGroupId } from "@/lib/console/schemas";

/** One rule as the panel lists it: a protocol, a port range and exactly one peer. */
const input = z.object({
  groupId: securityGroupId,
  isEgress: z.boolean(),
  protocol: z.string().regex(/^(-1|tcp|udp|icmp|icmpv6|\d{1,3})$/, "Unknown protocol."),
  fromPort: z.number().int().min(-1).max(65535).optional(),
  toPort: z.number().int().min(-1).max(65535).optional(),
  peer: z.union([cidrBlock, z.string().regex(/^(sg|pl)-[0-9a-f]{8,17}$/)], { error: "Unknown source or destination." }),
});

function permissionOf(rule: z.output<typeof input>): IpPermission {
  const peer = rule.peer.startsWith("sg-")
    ? { UserIdGroupPairs: [{ GroupId: rule.peer }] }
    : rule.peer.startsWith("pl-")
      ? { PrefixListIds: [{ PrefixListId: rule.peer }] }
      : { IpRanges: [{ CidrIp: rule.peer }] };
  return { IpProtocol: rule.protocol, FromPort: rule.fromPort, ToPort: rule.toPort, ...peer };
}

export async function revokeSecurityGroupRuleAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, rule) => {
    const request = { GroupId: rule.groupId, IpPermissions: [permissionOf(rule)] };
    if (rule.isEgress) await aws.ec2.send(new RevokeSecurityGroupEgressCommand(request));
    else await aws.ec2.send(new RevokeSecurityGroupIngressCommand(request));
    return { data: undefined, message: `Removed the ${rule.isEgress ? "outbound" : "inbound"} rule for ${rule.peer} from ${rule.groupId}.` };
  });
}
