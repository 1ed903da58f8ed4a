"use server";

import { ModifySubnetAttributeCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { subnetId } from "@/lib/console/schemas";

const input = z.object({ subnetId, enabled: z.boolean() });

/** "Auto-assign public IPv4 address" of a subnet. */
export async function setSubnetPublicIpAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { subnetId, enabled }) => {
    await aws.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: enabled } }));
    return { data: undefined, message: `New instances in ${subnetId} ${enabled ? "get" : "no longer get"} a public IPv4 address.` };
  });
}
