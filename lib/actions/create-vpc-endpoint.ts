"use server";

import { CreateVpcEndpointCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { routeTableId, vpcId } from "@/lib/console/schemas";

const input = z.object({ vpcId, routeTableIds: z.array(routeTableId).default([]) });

/** A gateway endpoint for S3 in the VPC, with routes in the chosen route tables (none is allowed, as in AWS). */
export async function createVpcEndpointAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { vpcId, routeTableIds }) => {
    const created = await aws.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: "Gateway",
        ServiceName: `com.amazonaws.${aws.region}.s3`,
        RouteTableIds: routeTableIds.length ? routeTableIds : undefined,
      }),
    );
    const endpointId = created.VpcEndpoint!.VpcEndpointId!;
    const routes = routeTableIds.length ? ` with a route in ${routeTableIds.join(", ")}` : " with no route table: nothing changes for the instances yet";
    return { data: { endpointId }, message: `Created ${endpointId}${routes}.` };
  });
}
