"use server";

import { ReplaceNetworkAclEntryCommand } from "@aws-sdk/client-ec2";
import type { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { aclEntryInput, aclEntryParameters } from "@/lib/console/network-acl-entry";

export async function replaceNetworkAclEntryAction(values: z.input<typeof aclEntryInput>) {
  return awsAction(aclEntryInput, values, async ({ aws }, entry) => {
    await aws.ec2.send(new ReplaceNetworkAclEntryCommand(aclEntryParameters(entry)));
    return { data: undefined, message: `Replaced rule ${entry.ruleNumber} of ${entry.networkAclId}.` };
  });
}
