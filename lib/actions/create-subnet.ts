"use server";

import { CreateSubnetCommand, ModifySubnetAttributeCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { cidrBlock, nameTags, resourceName, vpcId } from "@/lib/console/schemas";

const input = z.object({
  vpcId,
  cidr: cidrBlock,
  name: resourceName,
  availabilityZone: z.string().trim().optional(),
  mapPublicIpOnLaunch: z.boolean().default(false),
});

export async function createSubnetAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, data) => {
    const created = await aws.ec2.send(
      new CreateSubnetCommand({
        VpcId: data.vpcId,
        CidrBlock: data.cidr,
        AvailabilityZone: data.availabilityZone || undefined,
        TagSpecifications: nameTags("subnet", data.name),
      }),
    );
    const subnetId = created.Subnet!.SubnetId!;
    if (data.mapPublicIpOnLaunch) {
      await aws.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
    }
    return { data: { subnetId }, message: `Created ${subnetId}.` };
  });
}
