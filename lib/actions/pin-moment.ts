"use server";

import { z } from "zod";
import { readAccountWithOwnership } from "@/lib/aws/owned-account";
import { currentStepOf } from "@/lib/classroom/recording";
import { loadLabProgress } from "@/lib/labs/progress";
import { pinMoment } from "@/lib/labs/moment-store";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";
import { instanceId } from "@/lib/console/schemas";

const labId = z.enum(["vpc-peering", "vpc-endpoints"]);
const MAX_OUTPUT = 8_000;

const terminalInput = z.object({ labId, instanceId });
const testInput = z.object({
  labId,
  title: z.string().trim().min(1).max(120),
  command: z.string().max(500).optional(),
  output: z.string().max(MAX_OUTPUT, "A pinned output is at most 8,000 characters."),
});

async function stepNow(userId: string, lab: z.infer<typeof labId>): Promise<string> {
  const { completedSteps } = await loadLabProgress(userId, lab);
  return currentStepOf(lab, completedSteps) ?? "";
}

/** Pins the last command run in the instance's terminal, with its exact output, as a write-up moment. */
export async function pinTerminalOutputAction(values: z.input<typeof terminalInput>) {
  return awsAction(terminalInput, values, async ({ user, aws }, { labId, instanceId }) => {
    if (!aws.sandbox) throw new ActionFailure("NoTerminal", "On real AWS the terminal is the AWS console's: pin a test result instead.");
    const accountId = await aws.sandbox.accountId(user.id);
    const last = (await aws.sandbox.journal(accountId, aws.region)).filter((entry) => entry.kind === "command" && entry.instanceId === instanceId).pop();
    if (!last || last.kind !== "command") throw new ActionFailure("NothingToPin", `Nothing has run in ${instanceId}'s terminal yet.`);
    const { snapshot } = await readAccountWithOwnership(aws);
    await pinMoment(user.id, labId, snapshot, { title: `Pinned from ${instanceId}'s terminal`, stepId: await stepNow(user.id, labId), command: last.command, output: last.output });
    return { data: undefined, message: "Pinned to the write-up." };
  }, { readOnly: true });
}

/** Pins a test result (the Tests tab's ping or S3 test) as a write-up moment. */
export async function pinTestResultAction(values: z.input<typeof testInput>) {
  return awsAction(testInput, values, async ({ user, aws }, { labId, title, command, output }) => {
    const { snapshot } = await readAccountWithOwnership(aws);
    await pinMoment(user.id, labId, snapshot, { title, stepId: await stepNow(user.id, labId), command, output });
    return { data: undefined, message: "Pinned to the write-up." };
  }, { readOnly: true });
}
