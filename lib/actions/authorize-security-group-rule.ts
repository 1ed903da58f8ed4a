"use server";

import { AuthorizeSecurityGroupEgressCommand, AuthorizeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { securityGroupId } from "@/lib/console/schemas";
import { ipPermissionOf, RULE_PRESETS, ruleInput } from "@/lib/console/security-group-rule";

const input = z.object({ groupId: securityGroupId, direction: z.enum(["inbound", "outbound"]), rule: ruleInput });

export async function authorizeSecurityGroupRuleAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { groupId, direction, rule }) => {
    const IpPermissions = [ipPermissionOf(rule)];
    if (direction === "inbound") await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions }));
    else await aws.ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions }));
    const label = RULE_PRESETS[rule.preset].label;
    return { data: undefined, message: `Added ${direction} ${label} ${direction === "inbound" ? "from" : "to"} ${rule.source} on ${groupId}.` };
  });
}
