"use server";

import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { z } from "zod";
import { roleArnSchema, saveRoleArn } from "@/lib/aws/role";
import { authAction } from "@/lib/action-pipeline/auth-action";
import { awsAction } from "@/lib/action-pipeline/aws-action";

const saveInput = z.object({ roleArn: z.union([z.literal(""), roleArnSchema]) });

/** Real AWS mode: the role the console assumes for this user (empty: the server's own credentials). */
export async function saveAwsRoleAction(values: z.input<typeof saveInput>) {
  return authAction(saveInput, values, async ({ user }, { roleArn }) => {
    const saved = await saveRoleArn(user.id, roleArn || null);
    return { data: saved, message: roleArn ? `Saved. The console now assumes ${roleArn}.` : "Saved. The console uses the server's own credentials." };
  }, { allowedInReadOnlyView: true });
}

/** GetCallerIdentity through the role: AWS's own error (AccessDenied on AssumeRole…) comes back as it is. */
export async function testAwsRoleAction() {
  return awsAction(z.object({}), {}, async ({ aws }) => {
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
    return { data: { account: identity.Account, arn: identity.Arn }, message: `Connected as ${identity.Arn} in account ${identity.Account}.` };
  }, { readOnly: true });
}
