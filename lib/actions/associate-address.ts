"use server";

import { AssociateAddressCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { allocationId, instanceId } from "@/lib/console/schemas";

const input = z.object({ allocationId, instanceId });

export async function associateAddressAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { allocationId, instanceId }) => {
    await aws.ec2.send(new AssociateAddressCommand({ AllocationId: allocationId, InstanceId: instanceId }));
    return { data: undefined, message: `Associated ${allocationId} with ${instanceId}.` };
  });
}
