"use server";

import { DisassociateRouteTableCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { idOf } from "@/lib/console/schemas";

const input = z.object({ associationId: idOf("rtbassoc", "association") });

export async function disassociateRouteTableAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { associationId }) => {
    await aws.ec2.send(new DisassociateRouteTableCommand({ AssociationId: associationId }));
    return { data: undefined, message: "The subnet now uses its VPC's main route table." };
  });
}
