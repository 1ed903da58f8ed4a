"use server";

import { StartInstancesCommand, StopInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { instanceId } from "@/lib/console/schemas";

const input = z.object({ instanceId, change: z.enum(["start", "stop", "terminate"]) });

export async function changeInstanceStateAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { instanceId, change }) => {
    const request = { InstanceIds: [instanceId] };
    if (change === "start") await aws.ec2.send(new StartInstancesCommand(request));
    else if (change === "stop") await aws.ec2.send(new StopInstancesCommand(request));
    else await aws.ec2.send(new TerminateInstancesCommand(request));
    // What was asked, not the state AWS answered with: "stopping" would outlive the stop; the panel's State row is live.
    return { data: undefined, message: `Asked ${instanceId} to ${change}.` };
  });
}
