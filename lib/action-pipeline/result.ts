/**
 * What a console action answers the browser, and the failures it words itself. No server imports:
 * components import these types, and lib/classroom reads AWS errors with `awsErrorOf`.
 */

/** What every console action returns to the browser: never a thrown error, never a 500 page. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: { code: string; message: string } };

/**
 * A server action's result as the browser should take it: the action's own answer, or a
 * RequestNotAnswered failure when its request got none it could read (the connection dropped, or
 * the server refused the request before the action ran, as it does a body over 1 MB). A rejection
 * thrown inside a transition took the whole lab page to its error screen.
 */
export async function answered<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { code: "RequestNotAnswered", message: NOT_ANSWERED } };
  }
}

export const NOT_ANSWERED = "The console's server refused this request or did not answer it (it refuses anything over 1 MB). Refresh to see whether it was done, then try again.";

/** A failure an action detects itself, with a code in AWS's style. */
export class ActionFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** AWS SDK errors carry AWS's code as `name` and its message; keep both for the student. */
export function awsErrorOf(error: unknown): { code: string; message: string } | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { name?: string; message?: string; $metadata?: unknown; Code?: string };
  if (!e.$metadata) return null;
  return { code: e.Code ?? e.name ?? "UnknownError", message: e.message ?? "" };
}
