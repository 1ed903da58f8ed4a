import "server-only";
import { currentUser } from "@/lib/auth/session";
import type { User } from "@/lib/auth/users";
import { SIGNED_OUT } from "@/lib/auth/signed-out";

/**
 * A route handler for the signed-in user only: signed out (or an account deleted since), it answers
 * 401 with SIGNED_OUT as JSON; otherwise the handler runs with the user, fresh from the database.
 */
export function withUser<Rest extends unknown[]>(handler: (request: Request, user: User, ...rest: Rest) => Promise<Response>): (request: Request, ...rest: Rest) => Promise<Response> {
  return async (request, ...rest) => {
    const user = await currentUser();
    if (!user) return Response.json(SIGNED_OUT, { status: 401 });
    return handler(request, user, ...rest);
  };
}
