"use server";

import { AssociateAddressCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { runAwsAction } from "./aws-action";
import { allocationId, instanceId } from "./schemas";

const input = z.object({ allocationId, instanceId });

export async function associateAddressAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, { allocationId, instanceId }) => {
    await aws.ec2.send(new AssociateAddressCommand({ AllocationId: allocationId, InstanceId: instanceId }));
    return { data: undefined, message: `Associated ${allocationId} with ${instanceId}.` };
  });
}
