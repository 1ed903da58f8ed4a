import "server-only";
import { redirect } from "next/navigation";
import { auth } from "./auth";
import { findUserById, type User } from "./users";

export class NotSignedInError extends Error {
  constructor() {
    super("Your session has ended. Sign in again.");
  }
}

export class ForbiddenError extends Error {
  readonly code = "Forbidden";
  constructor(message = "Only instructors can do this.") {
    super(message);
  }
}

/** The signed-in user, fresh from the database (so a role change or a deleted account counts at once). */
export async function currentUser(): Promise<User | null> {
  const session = await auth();
  if (!session?.user?.id) return null;
  return (await findUserById(session.user.id)) ?? null;
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For server actions and route handlers. */
export async function requireUserOrThrow(): Promise<User> {
  const user = await currentUser();
  if (!user) throw new NotSignedInError();
  return user;
}

export async function requireInstructorOrThrow(): Promise<User> {
  const user = await requireUserOrThrow();
  if (user.role !== "instructor") throw new ForbiddenError();
  return user;
}
