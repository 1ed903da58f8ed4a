"use server";

import { DeleteVpcPeeringConnectionCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { peeringId } from "@/lib/console/schemas";

const input = z.object({ peeringId });

export async function deletePeeringAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { peeringId }) => {
    await aws.ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peeringId }));
    return { data: undefined, message: `Deleted ${peeringId}. Routes that pointed to it are now blackholes.` };
  });
}
