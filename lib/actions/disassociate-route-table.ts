"use server";

import { DisassociateRouteTableCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { runAwsAction } from "./aws-action";

const input = z.object({ associationId: z.string().regex(/^rtbassoc-[0-9a-f]{8,17}$/, "Choose an association.") });

export async function disassociateRouteTableAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, { associationId }) => {
    await aws.ec2.send(new DisassociateRouteTableCommand({ AssociationId: associationId }));
    return { data: undefined, message: "The subnet now uses its VPC's main route table." };
  });
}
