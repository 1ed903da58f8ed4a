"use server";

import { revalidatePath } from "next/cache";
import { sandboxExtras } from "@/lib/aws/sandbox";
import { NotSignedInError, requireUserOrThrow } from "@/lib/auth/session";

export type RotateKeysState = { error?: string; rotatedAt?: number };

export async function rotateSandboxKeysAction(): Promise<RotateKeysState> {
  let user;
  try {
    user = await requireUserOrThrow();
  } catch (error) {
    if (error instanceof NotSignedInError) return { error: error.message };
    throw error;
  }
  const sandbox = sandboxExtras();
  if (!sandbox) return { error: "This console runs on real AWS: manage access keys in IAM." };
  await sandbox.rotateKeys(user.id);
  revalidatePath("/access-keys");
  return { rotatedAt: Date.now() };
}
