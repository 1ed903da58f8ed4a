"use server";

import { ReplaceRouteCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { runAwsAction } from "./aws-action";
import { routeTarget, targetParameters } from "./route-target";
import { cidrBlock, routeTableId } from "./schemas";

const input = z.object({ routeTableId, destination: cidrBlock, target: routeTarget });

export async function replaceRouteAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, { routeTableId, destination, target }) => {
    await aws.ec2.send(new ReplaceRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: destination, ...targetParameters(target) }));
    return { data: undefined, message: `${destination} now goes to ${target}.` };
  });
}
