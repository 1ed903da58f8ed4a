/** SSM's JSON shapes of commands and invocations, as the SDK reads them (timestamps in epoch seconds). */
import { commandStatus, invocationAt, OUTPUT_LIMIT, PLUGIN_OUTPUT_LIMIT, RUN_SHELL_SCRIPT_PLUGIN, truncate } from "../model/commands";
import type { CommandRecord, InvocationRecord } from "../model/types";

export function epochSeconds(ms: number): number {
  return ms / 1000;
}

const NOTIFICATION_CONFIG = { NotificationArn: "", NotificationEvents: [], NotificationType: "" };
const CLOUDWATCH_OUTPUT_CONFIG = { CloudWatchLogGroupName: "", CloudWatchOutputEnabled: false };

function isDone(invocation: InvocationRecord): boolean {
  return invocation.status !== "Pending" && invocation.status !== "InProgress";
}

export function commandView(command: CommandRecord, now: number, region: string) {
  const invocations = command.invocations.map((invocation) => invocationAt(invocation, now));
  const status = commandStatus(command, now);
  return {
    CommandId: command.id,
    DocumentName: command.documentName,
    DocumentVersion: command.documentVersion,
    Comment: command.comment,
    ExpiresAfter: epochSeconds(command.requestedAt + command.timeoutSeconds * 1000),
    Parameters: command.parameters,
    InstanceIds: command.instanceIds,
    Targets: command.targets,
    RequestedDateTime: epochSeconds(command.requestedAt),
    Status: status,
    StatusDetails: status,
    OutputS3Region: region,
    OutputS3BucketName: "",
    OutputS3KeyPrefix: "",
    MaxConcurrency: command.maxConcurrency,
    MaxErrors: command.maxErrors,
    TargetCount: invocations.length,
    CompletedCount: invocations.filter(isDone).length,
    ErrorCount: invocations.filter((invocation) => invocation.status === "Failed" || invocation.status === "TimedOut").length,
    DeliveryTimedOutCount: 0,
    ServiceRole: "",
    NotificationConfig: NOTIFICATION_CONFIG,
    CloudWatchOutputConfig: CLOUDWATCH_OUTPUT_CONFIG,
    TimeoutSeconds: command.timeoutSeconds,
  };
}

/** ISO 8601 duration, as GetCommandInvocation reports ExecutionElapsedTime ("PT3.071S"). */
export function elapsedTime(ms: number): string {
  return `PT${(ms / 1000).toFixed(3)}S`;
}

function isoOrEmpty(ms: number | undefined): string {
  return ms === undefined ? "" : new Date(ms).toISOString();
}

export function invocationResultView(command: CommandRecord, stored: InvocationRecord, now: number) {
  const invocation = invocationAt(stored, now);
  const done = isDone(invocation);
  return {
    CommandId: command.id,
    InstanceId: invocation.instanceId,
    Comment: command.comment,
    DocumentName: command.documentName,
    DocumentVersion: command.documentVersion,
    PluginName: RUN_SHELL_SCRIPT_PLUGIN,
    ResponseCode: invocation.responseCode,
    ExecutionStartDateTime: isoOrEmpty(invocation.startedAt),
    ExecutionElapsedTime: done && invocation.startedAt !== undefined && invocation.finishedAt !== undefined ? elapsedTime(invocation.finishedAt - invocation.startedAt) : "",
    ExecutionEndDateTime: done ? isoOrEmpty(invocation.finishedAt) : "",
    Status: invocation.status,
    StatusDetails: invocation.statusDetails,
    StandardOutputContent: truncate(invocation.stdout, OUTPUT_LIMIT),
    StandardOutputUrl: "",
    StandardErrorContent: truncate(invocation.stderr, OUTPUT_LIMIT),
    StandardErrorUrl: "",
    CloudWatchOutputConfig: CLOUDWATCH_OUTPUT_CONFIG,
  };
}

/** The plugin's Output: standard output, then the error output under the agent's separator. */
function pluginOutput(invocation: InvocationRecord): string {
  const combined = invocation.stderr ? `${invocation.stdout}\n----------ERROR-------\n${invocation.stderr}` : invocation.stdout;
  return truncate(combined, PLUGIN_OUTPUT_LIMIT);
}

function pluginView(invocation: InvocationRecord, region: string) {
  return {
    Name: RUN_SHELL_SCRIPT_PLUGIN,
    Status: invocation.status,
    StatusDetails: invocation.statusDetails,
    ResponseCode: invocation.responseCode,
    ResponseStartDateTime: invocation.startedAt === undefined ? undefined : epochSeconds(invocation.startedAt),
    ResponseFinishDateTime: isDone(invocation) && invocation.finishedAt !== undefined ? epochSeconds(invocation.finishedAt) : undefined,
    Output: pluginOutput(invocation),
    StandardOutputUrl: "",
    StandardErrorUrl: "",
    OutputS3Region: region,
    OutputS3BucketName: "",
    OutputS3KeyPrefix: "",
  };
}

export function invocationListView(command: CommandRecord, stored: InvocationRecord, now: number, region: string, details: boolean) {
  const invocation = invocationAt(stored, now);
  return {
    CommandId: command.id,
    InstanceId: invocation.instanceId,
    InstanceName: "",
    Comment: command.comment,
    DocumentName: command.documentName,
    DocumentVersion: command.documentVersion,
    RequestedDateTime: epochSeconds(command.requestedAt),
    Status: invocation.status,
    StatusDetails: invocation.statusDetails,
    TraceOutput: "",
    StandardOutputUrl: "",
    StandardErrorUrl: "",
    CommandPlugins: details ? [pluginView(invocation, region)] : [],
    ServiceRole: "",
    NotificationConfig: NOTIFICATION_CONFIG,
    CloudWatchOutputConfig: CLOUDWATCH_OUTPUT_CONFIG,
  };
}
