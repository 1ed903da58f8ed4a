"use server";

import { DeleteVpcEndpointsCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";

const input = z.object({ endpointId: z.string().regex(/^vpce-[0-9a-f]{8,17}$/, "Choose a VPC endpoint.") });

export async function deleteVpcEndpointAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { endpointId }) => {
    const result = await aws.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }));
    // DeleteVpcEndpoints reports a refusal in the response, not as an error.
    const failure = result.Unsuccessful?.[0]?.Error;
    if (failure) throw new ActionFailure(failure.Code ?? "Error", failure.Message ?? "The endpoint could not be deleted.");
    return { data: undefined, message: `Deleted ${endpointId} and its routes.` };
  });
}
