"use server";

import { CreateNetworkAclEntryCommand } from "@aws-sdk/client-ec2";
import type { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { aclEntryInput, aclEntryParameters } from "@/lib/console/network-acl-entry";

export async function createNetworkAclEntryAction(values: z.input<typeof aclEntryInput>) {
  return awsAction(aclEntryInput, values, async ({ aws }, entry) => {
    await aws.ec2.send(new CreateNetworkAclEntryCommand(aclEntryParameters(entry)));
    return { data: undefined, message: `Added ${entry.egress ? "outbound" : "inbound"} rule ${entry.ruleNumber} to ${entry.networkAclId}.` };
  });
}
