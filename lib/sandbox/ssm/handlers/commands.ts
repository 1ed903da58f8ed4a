/** Run Command: SendCommand, GetCommandInvocation, ListCommands, ListCommandInvocations. */
import { boolean, enumOf, integer, listOf, mapOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import type { JsonInput, JsonOperation, RequestContext } from "@/lib/sandbox/core/types";
import { insertCommand, readCommand, readCommands } from "../command-store";
import { commandStatus, newCommand, RUN_SHELL_SCRIPT_PLUGIN, type SendCommandRequest } from "../model/commands";
import type { CommandRecord, CommandTarget, SsmState } from "../model/types";
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  page,
  requiredString,
  stringList,
  stringListMap,
  structList,
  validationError,
} from "../protocol/input";
import { scheduleCommandRun } from "../runner";
import { commandView, invocationListView, invocationResultView } from "./views";
import { invalidCommandId, invalidFilterKey, invalidFilterValue, invalidPluginName, invocationDoesNotExist } from "@/lib/sandbox/ssm/model/errors";

function readTargets(input: JsonInput): CommandTarget[] {
  return structList(input, "Targets").map((target) => ({ Key: requiredString(target, "Key"), Values: stringList(target, "Values") }));
}

function readSendCommand(input: JsonInput): SendCommandRequest {
  return {
    documentName: requiredString(input, "DocumentName"),
    documentVersion: optionalString(input, "DocumentVersion"),
    instanceIds: stringList(input, "InstanceIds"),
    targets: readTargets(input),
    parameters: stringListMap(input, "Parameters"),
    comment: optionalString(input, "Comment"),
    timeoutSeconds: optionalInteger(input, "TimeoutSeconds", 30, 2_592_000),
    maxConcurrency: optionalString(input, "MaxConcurrency"),
    maxErrors: optionalString(input, "MaxErrors"),
  };
}

/** Command ids are UUIDs: 36 characters. */
function readCommandId(input: JsonInput, required: boolean): string | undefined {
  const commandId = required ? requiredString(input, "CommandId") : optionalString(input, "CommandId");
  if (commandId !== undefined && commandId.length !== 36) {
    const bound = commandId.length < 36 ? "greater than or equal to 36" : "less than or equal to 36";
    throw validationError("CommandId", commandId, `Member must have length ${bound}`);
  }
  return commandId;
}

// ---------------------------------------------------------------- ListCommands filters

const STATUS_VALUES = new Set(["Pending", "InProgress", "Success", "Cancelled", "Failed", "TimedOut", "Cancelling"]);

/** CommandFilterKey: a key outside the enum fails SSM's input validation, before any filtering. */
const COMMAND_FILTER_KEYS = ["InvokedAfter", "InvokedBefore", "Status", "ExecutionStage", "DocumentName"];

function filterOf(filter: JsonInput, position: number, now: number): (command: CommandRecord) => boolean {
  const key = requiredString(filter, "key");
  if (!COMMAND_FILTER_KEYS.includes(key)) {
    throw validationError(`filters.${position}.member.key`, key, `Member must satisfy enum value set: [${COMMAND_FILTER_KEYS.join(", ")}]`);
  }
  const value = requiredString(filter, "value");
  const time = () => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw invalidFilterValue(value, key);
    return ms;
  };
  switch (key) {
    case "InvokedAfter": {
      const after = time();
      return (command) => command.requestedAt >= after;
    }
    case "InvokedBefore": {
      const before = time();
      return (command) => command.requestedAt <= before;
    }
    case "Status":
      if (!STATUS_VALUES.has(value)) throw invalidFilterValue(value, key);
      return (command) => commandStatus(command, now) === value;
    case "DocumentName":
      return (command) => command.documentName === value;
    case "ExecutionStage": {
      if (value !== "Executing" && value !== "Complete") throw invalidFilterValue(value, key);
      const complete = value === "Complete";
      return (command) => !["Pending", "InProgress"].includes(commandStatus(command, now)) === complete;
    }
    default:
      throw invalidFilterKey(key);
  }
}

/** Newest first, as SSM lists them; optionally only one command or one instance's. */
async function selectCommands(input: JsonInput, ctx: RequestContext): Promise<CommandRecord[]> {
  const commandId = readCommandId(input, false);
  const instanceId = optionalString(input, "InstanceId");
  const filters = structList(input, "Filters").map((filter, index) => filterOf(filter, index + 1, ctx.now));
  const commands = commandId === undefined ? await readCommands(ctx.accountId, ctx.region) : [await readCommand(ctx.accountId, ctx.region, commandId)];
  if (commandId !== undefined && commands[0] === undefined) throw invalidCommandId();
  return (commands as CommandRecord[])
    .filter((command) => instanceId === undefined || command.invocations.some((invocation) => invocation.instanceId === instanceId))
    .filter((command) => filters.every((matches) => matches(command)));
}

// ---------------------------------------------------------------- operations

/** What each operation accepts (botocore's ssm model); checked before the handler runs (core/json-inputs.ts). */
const INPUTS = {
  SendCommand: {
    InstanceIds: listOf(string({ pattern: "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)" }), { maxItems: 50 }),
    Targets: listOf(structure({
      Key: string({ minLength: 1, maxLength: 163, pattern: "^[\\p{L}\\p{Z}\\p{N}_.:/=\\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name" }),
      Values: listOf(string(), { maxItems: 50 }),
    }), { maxItems: 5 }),
    DocumentName: required(string({ pattern: "^[a-zA-Z0-9_\\-.:/]{3,128}$" })),
    DocumentVersion: string({ pattern: "([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)" }),
    DocumentHash: string({ maxLength: 256 }),
    DocumentHashType: enumOf(["Sha256", "Sha1"]),
    TimeoutSeconds: integer({ min: 30, max: 2592000 }),
    Comment: string({ maxLength: 100 }),
    Parameters: mapOf(string(), listOf(string())),
    OutputS3Region: string({ minLength: 3, maxLength: 20 }),
    OutputS3BucketName: string({ minLength: 3, maxLength: 63 }),
    OutputS3KeyPrefix: string({ maxLength: 500 }),
    MaxConcurrency: string({ minLength: 1, maxLength: 7, pattern: "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$" }),
    MaxErrors: string({ minLength: 1, maxLength: 7, pattern: "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$" }),
    ServiceRoleArn: string(),
    NotificationConfig: structure({
      NotificationArn: string(),
      NotificationEvents: listOf(enumOf(["All", "InProgress", "Success", "TimedOut", "Cancelled", "Failed"])),
      NotificationType: enumOf(["Command", "Invocation"]),
    }),
    CloudWatchOutputConfig: structure({
      CloudWatchLogGroupName: string({ minLength: 1, maxLength: 512 }),
      CloudWatchOutputEnabled: boolean(),
    }),
    AlarmConfiguration: structure({
      IgnorePollAlarmFailure: boolean(),
      Alarms: required(listOf(structure({
        Name: required(string({ minLength: 1, maxLength: 255, pattern: "^(?!\\s*$).+" })),
      }), { minItems: 1, maxItems: 1 })),
    }),
  },
  GetCommandInvocation: {
    CommandId: required(string({ minLength: 36, maxLength: 36 })),
    InstanceId: required(string({ pattern: "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)" })),
    PluginName: string({ minLength: 4 }),
  },
  ListCommands: {
    CommandId: string({ minLength: 36, maxLength: 36 }),
    InstanceId: string({ pattern: "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)" }),
    MaxResults: integer({ min: 1, max: 50 }),
    NextToken: string(),
    Filters: listOf(structure({
      key: required(enumOf(["InvokedAfter", "InvokedBefore", "Status", "ExecutionStage", "DocumentName"])),
      value: required(string({ minLength: 1, maxLength: 128 })),
    }), { minItems: 1, maxItems: 5 }),
  },
  ListCommandInvocations: {
    CommandId: string({ minLength: 36, maxLength: 36 }),
    InstanceId: string({ pattern: "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)" }),
    MaxResults: integer({ min: 1, max: 50 }),
    NextToken: string(),
    Filters: listOf(structure({
      key: required(enumOf(["InvokedAfter", "InvokedBefore", "Status", "ExecutionStage", "DocumentName"])),
      value: required(string({ minLength: 1, maxLength: 128 })),
    }), { minItems: 1, maxItems: 5 }),
    Details: boolean(),
  },
} satisfies Record<string, InputMembers>;

/**
 * Every Run Command operation reads the fleet in the state document only; commands live in rows
 * of their own (command-store.ts), so even SendCommand leaves the document unchanged.
 */
function onFleet(input: InputMembers, run: (input: JsonInput, ctx: RequestContext, state: SsmState) => unknown): JsonOperation<SsmState> {
  return { mutates: false, input, run };
}

export const commandOperations: Record<string, JsonOperation<SsmState>> = {
  SendCommand: onFleet(INPUTS.SendCommand, async (input, ctx, state) => {
    const command = newCommand(state, readSendCommand(input), ctx);
    await insertCommand(ctx.accountId, ctx.region, command);
    scheduleCommandRun(ctx.accountId, ctx.region, command.id);
    return { Command: commandView(command, ctx.now, ctx.region) };
  }),

  GetCommandInvocation: onFleet(INPUTS.GetCommandInvocation, async (input, ctx) => {
    const commandId = readCommandId(input, true) as string;
    const instanceId = requiredString(input, "InstanceId");
    const pluginName = optionalString(input, "PluginName");
    const command = await readCommand(ctx.accountId, ctx.region, commandId);
    const invocation = command?.invocations.find((candidate) => candidate.instanceId === instanceId);
    if (!command || !invocation) throw invocationDoesNotExist();
    if (pluginName !== undefined && pluginName !== RUN_SHELL_SCRIPT_PLUGIN) throw invalidPluginName();
    return invocationResultView(command, invocation, ctx.now);
  }),

  ListCommands: onFleet(INPUTS.ListCommands, async (input, ctx) => {
    const maxResults = optionalInteger(input, "MaxResults", 1, 50) ?? 50;
    const chosen = page(await selectCommands(input, ctx), maxResults, optionalString(input, "NextToken"));
    return { Commands: chosen.items.map((command) => commandView(command, ctx.now, ctx.region)), NextToken: chosen.nextToken };
  }),

  ListCommandInvocations: onFleet(INPUTS.ListCommandInvocations, async (input, ctx) => {
    const maxResults = optionalInteger(input, "MaxResults", 1, 50) ?? 50;
    const details = optionalBoolean(input, "Details") ?? false;
    const instanceId = optionalString(input, "InstanceId");
    const invocations = (await selectCommands(input, ctx)).flatMap((command) =>
      command.invocations.filter((invocation) => instanceId === undefined || invocation.instanceId === instanceId).map((invocation) => ({ command, invocation })),
    );
    const chosen = page(invocations, maxResults, optionalString(input, "NextToken"));
    return {
      CommandInvocations: chosen.items.map(({ command, invocation }) => invocationListView(command, invocation, ctx.now, ctx.region, details)),
      NextToken: chosen.nextToken,
    };
  }),
};
