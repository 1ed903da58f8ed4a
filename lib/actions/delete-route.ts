"use server";

import { DeleteRouteCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { cidrBlock, routeTableId } from "@/lib/console/schemas";

const input = z.object({ routeTableId, destination: cidrBlock });

export async function deleteRouteAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { routeTableId, destination }) => {
    await aws.ec2.send(new DeleteRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: destination }));
    return { data: undefined, message: `Deleted the route to ${destination}.` };
  });
}
