"use server";

import { StartInstancesCommand, StopInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { runAwsAction } from "./aws-action";
import { instanceId } from "./schemas";

const input = z.object({ instanceId, change: z.enum(["start", "stop", "terminate"]) });

export async function changeInstanceStateAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, { instanceId, change }) => {
    const request = { InstanceIds: [instanceId] };
    const result =
      change === "start"
        ? (await aws.ec2.send(new StartInstancesCommand(request))).StartingInstances
        : change === "stop"
          ? (await aws.ec2.send(new StopInstancesCommand(request))).StoppingInstances
          : (await aws.ec2.send(new TerminateInstancesCommand(request))).TerminatingInstances;
    return { data: undefined, message: `${instanceId} is ${result?.[0]?.CurrentState?.Name ?? "changing state"}.` };
  });
}
