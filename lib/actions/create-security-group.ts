"use server";

import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DeleteSecurityGroupCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { vpcId } from "@/lib/console/schemas";
import { ipPermissionOf, ruleInput } from "@/lib/console/security-group-rule";
import { UndoStack } from "@/lib/action-pipeline/undo-stack";

// Name and description are left to AWS to judge, so a bad one gets AWS's own error (InvalidGroup.Duplicate, …).
const input = z.object({
  vpcId,
  name: z.string().trim(),
  description: z.string().trim(),
  inbound: z.array(ruleInput).max(60).default([]),
});

/**
 * Create security group, as the VPC console's form: a name, a description, the VPC and the inbound
 * rules. AWS gives a new group no inbound rule and one outbound rule allowing all traffic; when a
 * rule is refused the group is deleted again, so a failed click leaves nothing behind.
 */
export async function createSecurityGroupAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { vpcId, name, description, inbound }) => {
    const groupId = await new UndoStack().run(async (undo) => {
      const created = await aws.ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: description }));
      const id = created.GroupId!;
      undo.push(() => aws.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id })));
      if (inbound.length) await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: inbound.map(ipPermissionOf) }));
      return id;
    });
    const rules = inbound.length === 1 ? "1 inbound rule" : `${inbound.length} inbound rules`;
    return { data: { groupId }, message: `Created security group ${groupId} (${name}) with ${rules}.` };
  });
}
