"use server";

import { redirect } from "next/navigation";
import { fieldErrorsOf, safeReturnPath, signUpSchema, type AuthFormState } from "@/lib/auth/forms";
import { reserveSignUp, waitMessage } from "@/lib/auth/throttle";
import { createUser, EmailTakenError } from "@/lib/auth/users";
import { clientAddress } from "@/lib/security/request-address";

/**
 * Creates the account, then sends the student to sign in. A taken email gets exactly the same
 * answer (and the same password hashing time), so the form never tells who has an account.
 */
export async function signUpAction(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  const parsed = signUpSchema.safeParse({ name: form.get("name"), email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };

  const waitMs = await reserveSignUp(await clientAddress());
  if (waitMs > 0) return { error: waitMessage("sign-ups", waitMs), values };
  try {
    await createUser(parsed.data);
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
  }
  const next = new URLSearchParams({ registered: "1" });
  const callbackUrl = safeReturnPath(form.get("callbackUrl"));
  if (callbackUrl !== "/") next.set("callbackUrl", callbackUrl);
  redirect(`/sign-in?${next}`);
}
