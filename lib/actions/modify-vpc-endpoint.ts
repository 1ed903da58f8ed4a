"use server";

import { ModifyVpcEndpointCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { policyDocument } from "@/lib/console/bucket-name";
import { routeTableId } from "@/lib/console/schemas";

const endpointId = z.string().regex(/^vpce-[0-9a-f]{8,17}$/, "Choose a VPC endpoint.");

const input = z.object({
  endpointId,
  addRouteTableIds: z.array(routeTableId).default([]),
  removeRouteTableIds: z.array(routeTableId).default([]),
  /** A new endpoint policy; "reset" restores full access. */
  policy: z.union([policyDocument, z.literal("reset")]).optional(),
});

export async function modifyVpcEndpointAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, data) => {
    await aws.ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: data.endpointId,
        AddRouteTableIds: data.addRouteTableIds.length ? data.addRouteTableIds : undefined,
        RemoveRouteTableIds: data.removeRouteTableIds.length ? data.removeRouteTableIds : undefined,
        ResetPolicy: data.policy === "reset" ? true : undefined,
        PolicyDocument: data.policy && data.policy !== "reset" ? data.policy : undefined,
      }),
    );
    const what = data.policy === "reset" ? "Reset the policy of" : data.policy ? "Saved the policy of" : "Updated the route tables of";
    return { data: undefined, message: `${what} ${data.endpointId}.` };
  });
}
