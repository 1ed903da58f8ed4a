import "server-only";
import type { z } from "zod";
import { clientsForKeyManagement, clientsForUser, type AwsClients } from "@/lib/aws/clients";
import { NoActiveLabUserKeyError } from "@/lib/aws/sandbox";
import type { User } from "@/lib/auth/users";
import { NotOwnedError, requireOwnedOrThrow } from "@/lib/aws/owned-account";
import { resourceIdsIn } from "@/lib/aws/ownership";
import { findLabRun, latestLabRun, type LabRun, touchLabRun } from "@/lib/labs/runs";
import { LabRunInProgressError } from "@/lib/labs/run-lock";
import { type ActionBody, authAction, type Refusal } from "./auth-action";
import type { ActionResult } from "./result";

/**
 * A console action that calls AWS: `authAction` (session, zod input, errors) plus the user's
 * clients, the lab run the action belongs to (the idle teardown's clock), and, in real AWS mode,
 * the ownership guard. AWS's code and message come back as they are.
 */

export interface ActionContext {
  user: User;
  aws: AwsClients;
}

export interface AwsActionOptions {
  /** Reads only: does not count as the student touching the lab (the idle teardown's clock), runs from the read-only view. */
  readOnly?: boolean;
  /** The action creates the bucket its input names (so it cannot be owned yet). */
  createsBucket?: boolean;
  /** The action manages lab-user's access keys: it works even when lab-user has no active key (lib/aws/clients.ts). */
  managesAccessKeys?: boolean;
  /** Errors of the action's own that reach the browser as their code and message. */
  refusals?: readonly Refusal[];
}

/** Refusals every AWS action may meet on its way: another tenant's resource, a run in progress, no usable key. */
const AWS_REFUSALS: readonly Refusal[] = [NotOwnedError, LabRunInProgressError, NoActiveLabUserKeyError];

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

async function clientsFor(user: User, data: unknown, options: AwsActionOptions): Promise<AwsClients> {
  const run = await labRunFor(user.id, data, Boolean(options.readOnly));
  return options.managesAccessKeys ? clientsForKeyManagement(user.id) : clientsForUser(user.id, { labId: run?.labId, runId: run?.runId });
}

/** In real AWS mode, the resources (and bucket) the input names must be ones the console created. */
async function guardOwnership(aws: AwsClients, data: unknown, options: AwsActionOptions): Promise<void> {
  if (options.readOnly) return;
  const bucket = (data as { bucket?: unknown } | null)?.bucket;
  await requireOwnedOrThrow(aws, resourceIdsIn(data), typeof bucket === "string" && !options.createsBucket ? [bucket] : []);
}

export function awsAction<Schema extends z.ZodType, T>(
  schema: Schema,
  input: unknown,
  body: ActionBody<ActionContext, z.output<Schema>, T>,
  options: AwsActionOptions = {},
): Promise<ActionResult<T>> {
  return authAction(
    schema,
    input,
    async ({ user }, data) => {
      const aws = await clientsFor(user, data, options);
      await guardOwnership(aws, data, options);
      return body({ user, aws }, data);
    },
    { allowedInReadOnlyView: options.readOnly, refusals: [...AWS_REFUSALS, ...(options.refusals ?? [])] },
  );
}
