"use server";

import { DeleteInternetGatewayCommand, DetachInternetGatewayCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { internetGatewayId, vpcId } from "@/lib/console/schemas";

const input = z.object({ gatewayId: internetGatewayId, vpcId: vpcId.optional(), deleteAfter: z.boolean().default(false) });

/** Detaches the gateway from its VPC (if attached) and optionally deletes it. */
export async function detachInternetGatewayAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { gatewayId, vpcId, deleteAfter }) => {
    if (vpcId) await aws.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
    if (deleteAfter) await aws.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId }));
    return { data: undefined, message: deleteAfter ? `Deleted ${gatewayId}.` : `Detached ${gatewayId} from ${vpcId}.` };
  });
}
