import "server-only";
import type { z } from "zod";
import { ForbiddenError, NotSignedInError, requireUserOrThrow } from "@/lib/auth/session";
import type { User } from "@/lib/auth/users";
import { postedFromReadOnlyView, READ_ONLY_REFUSAL } from "@/lib/classroom/read-only-view";
import { ActionFailure, type ActionResult, awsErrorOf } from "./result";
import { fieldLabel } from "./field-label";

/**
 * The first stage of every console action: session -> user, zod-validated input, then the body;
 * whatever the body throws comes back as `{ ok: false, error: { code, message } }`. Actions that
 * only read or write the console's own database (moments, notes, hints, classes) use it as it is;
 * `awsAction` (aws-action.ts) adds the AWS clients on top.
 */

export interface UserContext {
  user: User;
}

/** An error class whose instances the student sees as they are: their `code` (if any) and message. */
export type Refusal = abstract new (...args: never[]) => Error;

export interface AuthActionOptions {
  /** The action may run from the read-only view of a student's console (it changes none of the user's labs). */
  allowedInReadOnlyView?: boolean;
  /** Errors the body may throw that reach the browser as their code and message (besides ActionFailure). */
  refusals?: readonly Refusal[];
  /** Name the field in a validation message ("IPv4 CIDR: …", field-label.ts); a form words its own fields' messages. */
  fieldInMessage?: boolean;
}

export type ActionBody<Context, Data, T> = (context: Context, data: Data) => Promise<{ data: T; message?: string }>;

const ALWAYS_REFUSALS: readonly Refusal[] = [ActionFailure, ForbiddenError];

const INTERNAL_ERROR = { code: "InternalError", message: "Something went wrong on the server. The diagram shows what is in the account now." };

type Failure = { ok: false; error: { code: string; message: string } };

async function signedInUser(): Promise<User | Failure> {
  try {
    return await requireUserOrThrow();
  } catch (error) {
    if (error instanceof NotSignedInError) return { ok: false, error: { code: "NotSignedIn", message: error.message } };
    throw error;
  }
}

function validationFailure(error: z.ZodError, fieldInMessage: boolean): Failure {
  const issue = error.issues[0];
  const field = fieldInMessage && issue.path.length ? `${fieldLabel(issue.path)}: ` : "";
  return { ok: false, error: { code: "ValidationError", message: `${field}${issue.message}` } };
}

function networkErrorOf(error: unknown): { code: string; message: string } | null {
  const code = (error as { code?: string })?.code;
  if (code === "ECONNREFUSED" || code === "ETIMEDOUT" || code === "ENOTFOUND") {
    return { code: "NetworkingError", message: `Could not reach AWS (${code}).` };
  }
  return null;
}

/** A thrown error as the browser sees it: a refusal's or AWS's own code and message, else a plain InternalError. */
export function failureOf(error: unknown, refusals: readonly Refusal[] = []): Failure {
  const refusal = [...ALWAYS_REFUSALS, ...refusals].some((kind) => error instanceof kind);
  if (refusal) {
    const { code, message } = error as Error & { code?: unknown };
    return { ok: false, error: { code: typeof code === "string" ? code : "Refused", message } };
  }
  const known = awsErrorOf(error) ?? networkErrorOf(error);
  if (known) return { ok: false, error: known };
  console.error("console action failed", error);
  return { ok: false, error: { ...INTERNAL_ERROR } };
}

export async function authAction<Schema extends z.ZodType, T>(
  schema: Schema,
  input: unknown,
  body: ActionBody<UserContext, z.output<Schema>, T>,
  options: AuthActionOptions = {},
): Promise<ActionResult<T>> {
  const user = await signedInUser();
  if ("ok" in user) return user;
  if (!options.allowedInReadOnlyView && (await postedFromReadOnlyView())) return { ok: false, error: { ...READ_ONLY_REFUSAL } };
  const parsed = schema.safeParse(input);
  if (!parsed.success) return validationFailure(parsed.error, options.fieldInMessage ?? true);
  try {
    const { data, message } = await body({ user }, parsed.data);
    return { ok: true, data, message };
  } catch (error) {
    return failureOf(error, options.refusals);
  }
}
