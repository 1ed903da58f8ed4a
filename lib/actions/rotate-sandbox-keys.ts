"use server";

import { revalidatePath } from "next/cache";
import { awsMode } from "@/lib/aws/clients";
import { NotSignedInError, requireUserOrThrow } from "@/lib/auth/session";
import { rotateSandboxKeys } from "@/lib/sandbox/accounts";

export type RotateKeysState = { error?: string; rotatedAt?: number };

export async function rotateSandboxKeysAction(): Promise<RotateKeysState> {
  let user;
  try {
    user = await requireUserOrThrow();
  } catch (error) {
    if (error instanceof NotSignedInError) return { error: error.message };
    throw error;
  }
  if (awsMode() !== "sandbox") return { error: "This console runs on real AWS: manage access keys in IAM." };
  await rotateSandboxKeys(user.id);
  revalidatePath("/access-keys");
  return { rotatedAt: Date.now() };
}
