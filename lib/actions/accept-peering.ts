"use server";

import { AcceptVpcPeeringConnectionCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { peeringId } from "@/lib/console/schemas";

const input = z.object({ peeringId });

export async function acceptPeeringAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { peeringId }) => {
    await aws.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peeringId }));
    // No status in the message: it would outlive the provisioning -> active change; the Status row above is live.
    return { data: undefined, message: `Accepted ${peeringId}. Its status above follows it to active.` };
  });
}
