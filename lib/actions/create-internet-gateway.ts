"use server";

import { AttachInternetGatewayCommand, CreateInternetGatewayCommand, DeleteInternetGatewayCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { nameTags, resourceName, vpcId } from "@/lib/console/schemas";
import { UndoStack } from "@/lib/action-pipeline/undo-stack";

const input = z.object({ name: resourceName, vpcId });

/** Creates an internet gateway and attaches it to the VPC (undone if the attach fails). */
export async function createInternetGatewayAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { name, vpcId }) => {
    const gatewayId = await new UndoStack().run(async (undo) => {
      const created = await aws.ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: nameTags("internet-gateway", name) }));
      const id = created.InternetGateway!.InternetGatewayId!;
      undo.push(() => aws.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id })));
      await aws.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId }));
      return id;
    });
    return { data: { gatewayId }, message: `Created ${gatewayId} and attached it to ${vpcId}.` };
  });
}
