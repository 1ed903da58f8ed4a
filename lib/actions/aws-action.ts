import type { z } from "zod";
import { clientsForKeyManagement, clientsForUser, type AwsClients } from "@/lib/aws/clients";
import { NoActiveLabUserKeyError } from "@/lib/aws/sandbox";
import { NotSignedInError, requireUserOrThrow } from "@/lib/auth/session";
import type { User } from "@/lib/auth/users";
import { NotOwnedError, requireOwnedOrThrow } from "@/lib/aws/owned-account";
import { resourceIdsIn } from "@/lib/aws/ownership";
import { findLabRun, latestLabRun, type LabRun, touchLabRun } from "@/lib/labs/runs";
import { LabRunInProgressError } from "@/lib/labs/run-lock";
import { postedFromReadOnlyView, READ_ONLY_REFUSAL } from "@/lib/classroom/read-only-view";

/** What every console action returns to the browser: never a thrown error, never a 500 page. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: { code: string; message: string } };

export interface ActionContext {
  user: User;
  aws: AwsClients;
}

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

function networkErrorOf(error: unknown): { code: string; message: string } | null {
  const code = (error as { code?: string })?.code;
  if (code === "ECONNREFUSED" || code === "ETIMEDOUT" || code === "ENOTFOUND") {
    return { code: "NetworkingError", message: `Could not reach AWS (${code}).` };
  }
  return null;
}

export interface ActionOptions {
  /** Reads only: does not count as the student touching the lab (the idle teardown's clock). */
  readOnly?: boolean;
  /** The action creates the bucket its input names (so it cannot be owned yet). */
  createsBucket?: boolean;
  /** The action manages lab-user's access keys: it works even when lab-user has no active key (lib/aws/clients.ts). */
  managesAccessKeys?: boolean;
}

const LAB_IDS = new Set(["vpc-peering", "vpc-endpoints"]);

/**
 * The lab run the action belongs to: the lab its input names, else the lab the user worked in
 * last. What the action creates is tagged with that run; the lab counts as touched now.
 */
async function labRunFor(userId: string, data: unknown, readOnly: boolean): Promise<LabRun | undefined> {
  const named = (data as { labId?: unknown } | null)?.labId;
  const latest = typeof named === "string" && LAB_IDS.has(named) ? await findLabRun(userId, named) : await latestLabRun(userId);
  if (readOnly) return latest;
  const labId = typeof named === "string" && LAB_IDS.has(named) ? named : latest?.labId;
  return labId ? touchLabRun(userId, labId) : undefined;
}

/** In real AWS mode, the resources (and bucket) the input names must be ones the console created. */
async function guardOwnership(aws: AwsClients, data: unknown, options: ActionOptions): Promise<void> {
  if (options.readOnly) return;
  const bucket = (data as { bucket?: unknown } | null)?.bucket;
  await requireOwnedOrThrow(aws, resourceIdsIn(data), typeof bucket === "string" && !options.createsBucket ? [bucket] : []);
}

/**
 * The one path of every console action: session -> user, zod-validated input, then (in real AWS
 * mode) the ownership guard, then the AWS calls. AWS's code and message come back as they are.
 */
export async function runAwsAction<Schema extends z.ZodType, T>(
  schema: Schema,
  input: unknown,
  body: (context: ActionContext, data: z.output<Schema>) => Promise<{ data: T; message?: string }>,
  options: ActionOptions = {},
): Promise<ActionResult<T>> {
  let user: User;
  try {
    user = await requireUserOrThrow();
  } catch (error) {
    if (error instanceof NotSignedInError) return { ok: false, error: { code: "NotSignedIn", message: error.message } };
    throw error;
  }
  if (!options.readOnly && (await postedFromReadOnlyView())) return { ok: false, error: { ...READ_ONLY_REFUSAL } };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, error: { code: "ValidationError", message: `${field}${issue.message}` } };
  }
  try {
    const run = await labRunFor(user.id, parsed.data, Boolean(options.readOnly));
    const aws = options.managesAccessKeys ? await clientsForKeyManagement(user.id) : await clientsForUser(user.id, { labId: run?.labId, runId: run?.runId });
    await guardOwnership(aws, parsed.data, options);
    const { data, message } = await body({ user, aws }, parsed.data);
    return { ok: true, data, message };
  } catch (error) {
    if (error instanceof NotOwnedError) return { ok: false, error: { code: error.code, message: error.message } };
    if (error instanceof LabRunInProgressError) return { ok: false, error: { code: error.code, message: error.message } };
    if (error instanceof ActionFailure || error instanceof NoActiveLabUserKeyError) return { ok: false, error: { code: error.code, message: error.message } };
    const known = awsErrorOf(error) ?? networkErrorOf(error);
    if (known) return { ok: false, error: known };
    console.error("console action failed", error);
    return { ok: false, error: { code: "InternalError", message: "Something went wrong on the server. The diagram shows what is in the account now." } };
  }
}
