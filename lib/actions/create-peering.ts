"use server";

import { CreateVpcPeeringConnectionCommand, waitUntilVpcPeeringConnectionExists } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { nameTags, resourceName, vpcId } from "@/lib/console/schemas";

const input = z
  .object({ name: resourceName, requesterVpcId: vpcId, accepterVpcId: vpcId })
  .refine((value) => value.requesterVpcId !== value.accepterVpcId, { message: "Choose two different VPCs.", path: ["accepterVpcId"] });

export async function createPeeringAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { name, requesterVpcId, accepterVpcId }) => {
    const created = await aws.ec2.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: requesterVpcId,
        PeerVpcId: accepterVpcId,
        TagSpecifications: nameTags("vpc-peering-connection", name),
      }),
    );
    const id = created.VpcPeeringConnection!.VpcPeeringConnectionId!;
    // The student goes on to accept it: wait until AWS lists it (eventual consistency), as the AWS console does.
    await waitUntilVpcPeeringConnectionExists({ client: aws.ec2, minDelay: 1, maxDelay: 5, maxWaitTime: 60 }, { VpcPeeringConnectionIds: [id] });
    return {
      data: { peeringId: id },
      message: `Requested ${id}. It stays pending-acceptance until the accepter VPC's owner accepts it: select it on the diagram and choose Accept request.`,
    };
  });
}
