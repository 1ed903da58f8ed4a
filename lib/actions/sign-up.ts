"use server";

import { signIn } from "@/lib/auth/auth";
import { fieldErrorsOf, safeReturnPath, signUpSchema, type AuthFormState } from "@/lib/auth/forms";
import { mintSignInToken } from "@/lib/auth/sign-in-token";
import { createUser, EmailTakenError } from "@/lib/auth/users";

export async function signUpAction(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  const parsed = signUpSchema.safeParse({ name: form.get("name"), email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };

  let userId: string;
  try {
    userId = (await createUser(parsed.data)).id;
  } catch (error) {
    if (error instanceof EmailTakenError) return { fieldErrors: { email: error.message }, values };
    throw error;
  }
  await signIn("credentials", { token: mintSignInToken(userId), redirectTo: safeReturnPath(form.get("callbackUrl")) });
  return {};
}
