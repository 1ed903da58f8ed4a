/**
 * Run Command: AWS-RunShellScript commands, their invocations per instance and their results,
 * with SSM's statuses, validation and limits.
 */
import crypto from "node:crypto";
import { isManaged } from "./fleet";
import type { CommandRecord, CommandTarget, InvocationRecord, InvocationStatus, SsmState } from "./types";
import { invalidDocument, invalidDocumentVersion, invalidInstanceId, invalidParameters, invalidTarget, validationExceptionIdsAndTargets, validationExceptionInstanceIds, validationExceptionNoTargets } from "@/lib/sandbox/ssm/model/errors";

export const RUN_SHELL_SCRIPT = "AWS-RunShellScript";
export const RUN_SHELL_SCRIPT_PLUGIN = "aws:runShellScript";
/** Commands kept per account and region; older ones are forgotten, as SSM forgets after 30 days. */
export const MAX_COMMANDS = 200;
/** GetCommandInvocation's StandardOutputContent/StandardErrorContent limit. */
export const OUTPUT_LIMIT = 24_000;
/** ListCommandInvocations' CommandPlugins[].Output limit. */
export const PLUGIN_OUTPUT_LIMIT = 2_500;
const DEFAULT_EXECUTION_TIMEOUT = 3600;
const MAX_EXECUTION_TIMEOUT = 172_800;
const DEFAULT_DELIVERY_TIMEOUT = 3600;
const INSTANCE_ID = /^(i-(\w{8}|\w{17})|mi-\w{17})$/;
const SHELL_PARAMETERS = new Set(["commands", "workingDirectory", "executionTimeout"]);

export interface SendCommandRequest {
  documentName: string;
  documentVersion?: string;
  instanceIds: string[];
  targets: CommandTarget[];
  parameters: Record<string, string[]>;
  comment?: string;
  timeoutSeconds?: number;
  maxConcurrency?: string;
  maxErrors?: string;
}

function checkDocument(request: SendCommandRequest): void {
  if (request.documentName !== RUN_SHELL_SCRIPT) throw invalidDocument();
  const version = request.documentVersion;
  if (version !== undefined && version !== "$DEFAULT" && version !== "$LATEST" && version !== "1") {
    throw invalidDocumentVersion();
  }
}

function executionTimeoutOf(parameters: Record<string, string[]>): number {
  const [text] = parameters.executionTimeout ?? [];
  if (text === undefined) return DEFAULT_EXECUTION_TIMEOUT;
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds < 1 || seconds > MAX_EXECUTION_TIMEOUT) throw invalidParameters();
  return seconds;
}

function checkParameters(parameters: Record<string, string[]>): void {
  if (!Object.hasOwn(parameters, "commands") || parameters.commands.length === 0) throw invalidParameters();
  if (Object.keys(parameters).some((name) => !SHELL_PARAMETERS.has(name))) throw invalidParameters();
}

function instancesOfTargets(state: SsmState, targets: CommandTarget[]): string[] {
  const ids = new Set<string>();
  for (const target of targets) {
    if (target.Key === "InstanceIds") target.Values.forEach((id) => ids.add(id));
    else if (target.Key.startsWith("tag:")) {
      const key = target.Key.slice(4);
      for (const [id, instance] of Object.entries(state.fleet)) if (Object.hasOwn(instance.tags, key) && target.Values.includes(instance.tags[key])) ids.add(id);
    } else if (target.Key === "tag-key") {
      for (const [id, instance] of Object.entries(state.fleet)) if (target.Values.some((key) => Object.hasOwn(instance.tags, key))) ids.add(id);
    } else {
      throw invalidTarget(target.Key);
    }
  }
  return [...ids];
}

function checkInstanceIds(state: SsmState, instanceIds: string[], accountId: string, now: number): void {
  const malformed = instanceIds.find((id) => !INSTANCE_ID.test(id));
  if (malformed !== undefined) {
    throw validationExceptionInstanceIds(instanceIds);
  }
  const invalid = instanceIds.filter((id) => !isManaged(state.fleet[id], now));
  if (invalid.length > 0) throw invalidInstanceId(invalid, accountId);
}

function pendingInvocation(instanceId: string): InvocationRecord {
  return { instanceId, status: "Pending", statusDetails: "Pending", responseCode: -1, stdout: "", stderr: "" };
}

/** Validates a command against the fleet and makes its record; the caller stores it, then runs it. */
export function newCommand(state: SsmState, request: SendCommandRequest, ctx: { accountId: string; now: number }): CommandRecord {
  checkDocument(request);
  checkParameters(request.parameters);
  const executionTimeoutSeconds = executionTimeoutOf(request.parameters);
  if (request.instanceIds.length > 0 && request.targets.length > 0) {
    throw validationExceptionIdsAndTargets();
  }
  if (request.instanceIds.length === 0 && request.targets.length === 0) {
    throw validationExceptionNoTargets();
  }
  const instanceIds = request.instanceIds.length > 0 ? [...new Set(request.instanceIds)] : instancesOfTargets(state, request.targets);
  checkInstanceIds(state, instanceIds, ctx.accountId, ctx.now);
  return {
    id: crypto.randomUUID(),
    documentName: RUN_SHELL_SCRIPT,
    documentVersion: request.documentVersion ?? "$DEFAULT",
    comment: request.comment ?? "",
    parameters: request.parameters,
    instanceIds: request.instanceIds,
    targets: request.targets,
    requestedAt: ctx.now,
    timeoutSeconds: request.timeoutSeconds ?? DEFAULT_DELIVERY_TIMEOUT,
    executionTimeoutSeconds,
    maxConcurrency: request.maxConcurrency ?? "50",
    maxErrors: request.maxErrors ?? "0",
    invocations: instanceIds.map(pendingInvocation),
  };
}

export function scriptOf(command: CommandRecord): string {
  return (command.parameters.commands ?? []).join("\n");
}

/** A finished run, as the agent reports it. */
export interface RunOutcome {
  instanceId: string;
  stdout: string;
  stderr: string;
  exitCode: number;
  timedOut: boolean;
  /** The instance vanished before the agent could run the script. */
  undeliverable?: boolean;
  startedAt: number;
  durationMs: number;
  visibleAt: number;
}

function finishedInvocation(outcome: RunOutcome): InvocationRecord {
  const base = { instanceId: outcome.instanceId, startedAt: outcome.startedAt, finishedAt: outcome.startedAt + outcome.durationMs, visibleAt: outcome.visibleAt };
  if (outcome.undeliverable) return { ...base, status: "Failed", statusDetails: "Undeliverable", responseCode: -1, stdout: "", stderr: "" };
  if (outcome.timedOut) return { ...base, status: "TimedOut", statusDetails: "ExecutionTimedOut", responseCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr };
  const failed = outcome.exitCode !== 0;
  // The agent adds this line to the error output of a script that exits non-zero.
  const stderr = failed ? `${outcome.stderr}failed to run commands: exit status ${outcome.exitCode}` : outcome.stderr;
  return { ...base, status: failed ? "Failed" : "Success", statusDetails: failed ? "Failed" : "Success", responseCode: outcome.exitCode, stdout: outcome.stdout, stderr };
}

/** The command with the results of its runs. */
export function withOutcomes(command: CommandRecord, outcomes: RunOutcome[]): CommandRecord {
  const byInstance = new Map(outcomes.map((outcome) => [outcome.instanceId, outcome]));
  return {
    ...command,
    invocations: command.invocations.map((invocation) => {
      const outcome = byInstance.get(invocation.instanceId);
      return outcome ? finishedInvocation(outcome) : invocation;
    }),
  };
}

/** An invocation as seen at `now`: with demo delays, a finished run reads InProgress until its run time has passed. */
export function invocationAt(invocation: InvocationRecord, now: number): InvocationRecord {
  if (invocation.status === "Pending" || invocation.visibleAt === undefined || invocation.visibleAt <= now) return invocation;
  return { ...invocation, status: "InProgress", statusDetails: "InProgress", responseCode: -1, stdout: "", stderr: "" };
}

/** The command's status from its invocations', as Run Command sums them up. */
export function commandStatus(command: CommandRecord, now: number): InvocationStatus {
  const statuses = command.invocations.map((invocation) => invocationAt(invocation, now).status);
  if (statuses.length === 0) return "Success";
  if (statuses.every((status) => status === "Pending")) return "Pending";
  if (statuses.some((status) => status === "Pending" || status === "InProgress")) return "InProgress";
  if (statuses.some((status) => status === "Failed")) return "Failed";
  if (statuses.some((status) => status === "TimedOut")) return "TimedOut";
  return "Success";
}

export function truncate(text: string, limit: number): string {
  return text.length > limit ? text.slice(0, limit) : text;
}
