"use server";

import { CreateAccessKeyCommand, DeleteAccessKeyCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { awsMode } from "@/lib/aws/clients";
import { LAB_USER_NAME } from "@/lib/aws/sandbox";
import { awsAction } from "@/lib/action-pipeline/aws-action";

/**
 * lab-user's access keys through IAM, as the IAM console manages them: CreateAccessKey returns the secret
 * this once (the page shows it and forgets it), two keys at most (LimitExceeded), a key is deactivated
 * before it is deleted. On real AWS the console creates no user keys: it refuses.
 */
const accessKeyId = z.string().trim().regex(/^AKIA[A-Z2-7]{16}$/, "Choose an access key.");

/** Works when both of lab-user's keys are inactive, so the student can activate one again. */
const KEY_MANAGEMENT = { managesAccessKeys: true };

const REAL_AWS_REFUSAL = { ok: false as const, error: { code: "RealAwsMode", message: "This console runs on real AWS: manage access keys in the IAM console of that account." } };

export async function createAccessKeyAction() {
  if (awsMode() !== "sandbox") return REAL_AWS_REFUSAL;
  return awsAction(z.object({}), {}, async ({ aws }) => {
    const { AccessKey } = await aws.iam.send(new CreateAccessKeyCommand({ UserName: LAB_USER_NAME }));
    revalidatePath("/access-keys");
    return {
      data: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey!, userName: AccessKey!.UserName ?? LAB_USER_NAME },
      message: `Created access key ${AccessKey!.AccessKeyId}.`,
    };
  }, KEY_MANAGEMENT);
}

const statusInput = z.object({ accessKeyId, status: z.enum(["Active", "Inactive"]) });

export async function setAccessKeyStatusAction(values: z.input<typeof statusInput>) {
  if (awsMode() !== "sandbox") return REAL_AWS_REFUSAL;
  return awsAction(statusInput, values, async ({ aws }, { accessKeyId, status }) => {
    await aws.iam.send(new UpdateAccessKeyCommand({ UserName: LAB_USER_NAME, AccessKeyId: accessKeyId, Status: status }));
    revalidatePath("/access-keys");
    return { data: undefined, message: `${status === "Active" ? "Activated" : "Deactivated"} ${accessKeyId}.` };
  }, KEY_MANAGEMENT);
}

const deleteInput = z.object({ accessKeyId });

export async function deleteAccessKeyAction(values: z.input<typeof deleteInput>) {
  if (awsMode() !== "sandbox") return REAL_AWS_REFUSAL;
  return awsAction(deleteInput, values, async ({ aws }, { accessKeyId }) => {
    await aws.iam.send(new DeleteAccessKeyCommand({ UserName: LAB_USER_NAME, AccessKeyId: accessKeyId }));
    revalidatePath("/access-keys");
    return { data: undefined, message: `Deleted ${accessKeyId}.` };
  }, KEY_MANAGEMENT);
}
