"use server";

import { DeleteVpcCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { vpcId } from "@/lib/console/schemas";

const input = z.object({ vpcId });

export async function deleteVpcAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { vpcId }) => {
    await aws.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    return { data: undefined, message: `Deleted ${vpcId}.` };
  });
}
