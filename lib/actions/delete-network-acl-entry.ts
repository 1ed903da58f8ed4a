"use server";

import { DeleteNetworkAclEntryCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { networkAclId } from "@/lib/console/schemas";

const input = z.object({ networkAclId, ruleNumber: z.number().int().min(1).max(32766), egress: z.boolean() });

export async function deleteNetworkAclEntryAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { networkAclId, ruleNumber, egress }) => {
    await aws.ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: networkAclId, RuleNumber: ruleNumber, Egress: egress }));
    return { data: undefined, message: `Deleted ${egress ? "outbound" : "inbound"} rule ${ruleNumber} of ${networkAclId}.` };
  });
}
