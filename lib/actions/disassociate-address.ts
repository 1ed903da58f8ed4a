"use server";

import { DisassociateAddressCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { associationId } from "@/lib/console/schemas";

const input = z.object({ associationId });

export async function disassociateAddressAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { associationId }) => {
    await aws.ec2.send(new DisassociateAddressCommand({ AssociationId: associationId }));
    return { data: undefined, message: "The Elastic IP is no longer associated; it is billed while idle on AWS." };
  });
}
