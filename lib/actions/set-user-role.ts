"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ForbiddenError, NotSignedInError, requireInstructorOrThrow } from "@/lib/auth/session";
import { setUserRole } from "@/lib/auth/users";

const input = z.object({
  userId: z.string().uuid("Unknown account."),
  role: z.enum(["instructor", "student"], { error: "Choose instructor or student." }),
});

export type SetRoleState = { error?: string; done?: string };

export async function setUserRoleAction(_previous: SetRoleState, form: FormData): Promise<SetRoleState> {
  let me;
  try {
    me = await requireInstructorOrThrow();
  } catch (error) {
    if (error instanceof ForbiddenError || error instanceof NotSignedInError) return { error: error.message };
    throw error;
  }
  const parsed = input.safeParse({ userId: form.get("userId"), role: form.get("role") });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  if (parsed.data.userId === me.id) return { error: "You cannot change your own role." };
  const user = await setUserRole(parsed.data.userId, parsed.data.role);
  if (!user) return { error: "That account no longer exists." };
  revalidatePath("/people");
  return { done: `${user.name} is now ${user.role === "instructor" ? "an instructor" : "a student"}.` };
}
