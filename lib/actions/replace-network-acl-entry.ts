"use server";

import { ReplaceNetworkAclEntryCommand } from "@aws-sdk/client-ec2";
import type { z } from "zod";
import { runAwsAction } from "./aws-action";
import { aclEntryInput, aclEntryParameters } from "./network-acl-entry";

export async function replaceNetworkAclEntryAction(values: z.input<typeof aclEntryInput>) {
  return runAwsAction(aclEntryInput, values, async ({ aws }, entry) => {
    await aws.ec2.send(new ReplaceNetworkAclEntryCommand(aclEntryParameters(entry)));
    return { data: undefined, message: `Replaced rule ${entry.ruleNumber} of ${entry.networkAclId}.` };
  });
}
