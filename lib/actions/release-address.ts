"use server";

import { ReleaseAddressCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { allocationId } from "@/lib/console/schemas";

const input = z.object({ allocationId });

export async function releaseAddressAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { allocationId }) => {
    await aws.ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }));
    return { data: undefined, message: `Released ${allocationId}.` };
  });
}
