"use server";

import { AssociateRouteTableCommand, ReplaceRouteTableAssociationCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { idOf, routeTableId, subnetId } from "@/lib/console/schemas";

const input = z.object({
  routeTableId,
  subnetId,
  /** The subnet's current explicit association, replaced instead of added. */
  currentAssociationId: idOf("rtbassoc", "route table association").optional(),
});

export async function associateRouteTableAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { routeTableId, subnetId, currentAssociationId }) => {
    if (currentAssociationId) {
      await aws.ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId: currentAssociationId, RouteTableId: routeTableId }));
    } else {
      await aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
    }
    return { data: undefined, message: `${subnetId} now uses ${routeTableId}.` };
  });
}
