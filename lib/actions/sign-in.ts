"use server";

import { signIn } from "@/lib/auth/auth";
import { checkCredentials } from "@/lib/auth/credentials";
import { fieldErrorsOf, safeReturnPath, signInSchema, type AuthFormState } from "@/lib/auth/forms";
import { mintSignInToken } from "@/lib/auth/sign-in-token";
import { clientAddress } from "@/lib/security/request-address";

export async function signInAction(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { email: String(form.get("email") ?? "") };
  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  const { email, password } = parsed.data;

  const checked = await checkCredentials(email, password, await clientAddress());
  if ("error" in checked) return { error: checked.error, values };
  await signIn("credentials", { token: mintSignInToken(checked.user.id), redirectTo: safeReturnPath(form.get("callbackUrl")) });
  return {};
}
