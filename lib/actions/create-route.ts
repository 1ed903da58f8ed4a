"use server";

import { CreateRouteCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { routeTarget, targetParameters } from "@/lib/console/route-target";
import { cidrBlock, routeTableId } from "@/lib/console/schemas";

const input = z.object({ routeTableId, destination: cidrBlock, target: routeTarget });

export async function createRouteAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { routeTableId, destination, target }) => {
    await aws.ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: destination, ...targetParameters(target) }));
    return { data: undefined, message: `Added ${destination} → ${target} to ${routeTableId}.` };
  });
}
