/** Checking an email and password, throttled: the attempt is counted before the password is compared. */
import "server-only";
import { needsRehash, verifyPasswordOrDecoy } from "./passwords";
import { reserveSignInAttempt, signInSucceeded, waitMessage } from "./throttle";
import { findUserByEmail, rehashPassword, type User } from "./users";

export const WRONG_CREDENTIALS = "Incorrect email or password.";

export type CredentialsCheck = { user: User } | { error: string };

export async function checkCredentials(email: string, password: string, address: string): Promise<CredentialsCheck> {
  const waitMs = await reserveSignInAttempt(email, address);
  if (waitMs > 0) return { error: waitMessage("sign-ins", waitMs) };
  const user = await findUserByEmail(email);
  const passwordMatches = await verifyPasswordOrDecoy(password, user?.passwordHash);
  if (!user || !passwordMatches) return { error: WRONG_CREDENTIALS };
  await signInSucceeded(email, address);
  if (needsRehash(user.passwordHash!)) await rehashPassword(user.id, password);
  return { user };
}
