"use server";

import { DeleteVpcCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { runAwsAction } from "./aws-action";
import { vpcId } from "./schemas";

const input = z.object({ vpcId });

export async function deleteVpcAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, { vpcId }) => {
    await aws.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    return { data: undefined, message: `Deleted ${vpcId}.` };
  });
}
