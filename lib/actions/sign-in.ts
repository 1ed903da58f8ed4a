"use server";

import { signIn } from "@/lib/auth/auth";
import { fieldErrorsOf, safeReturnPath, signInSchema, type AuthFormState } from "@/lib/auth/forms";
import { verifyPasswordOrDecoy } from "@/lib/auth/passwords";
import { mintSignInToken } from "@/lib/auth/sign-in-token";
import { clearAccountFailures, recordSignInFailure, signInWaitMs } from "@/lib/auth/throttle";
import { findUserByEmail } from "@/lib/auth/users";
import { clientAddress } from "./request-address";

const WRONG_CREDENTIALS = "Incorrect email or password.";

export async function signInAction(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { email: String(form.get("email") ?? "") };
  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
  const { email, password } = parsed.data;

  const address = await clientAddress();
  const waitMs = await signInWaitMs(email, address);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    return { error: `Too many failed sign-ins. Wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`, values };
  }

  const user = await findUserByEmail(email);
  const passwordMatches = await verifyPasswordOrDecoy(password, user?.passwordHash);
  if (!user || !passwordMatches) {
    await recordSignInFailure(email, address);
    return { error: WRONG_CREDENTIALS, values };
  }

  await clearAccountFailures(email);
  await signIn("credentials", { token: mintSignInToken(user.id), redirectTo: safeReturnPath(form.get("callbackUrl")) });
  return {};
}
