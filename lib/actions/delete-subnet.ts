"use server";

import { DeleteSubnetCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { subnetId } from "@/lib/console/schemas";

const input = z.object({ subnetId });

export async function deleteSubnetAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { subnetId }) => {
    await aws.ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
    return { data: undefined, message: `Deleted ${subnetId}.` };
  });
}
