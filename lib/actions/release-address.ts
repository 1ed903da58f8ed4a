"use server";

import { ReleaseAddressCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { runAwsAction } from "./aws-action";
import { allocationId } from "./schemas";

const input = z.object({ allocationId });

export async function releaseAddressAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, { allocationId }) => {
    await aws.ec2.send(new ReleaseAddressCommand({ AllocationId: allocationId }));
    return { data: undefined, message: `Released ${allocationId}.` };
  });
}
