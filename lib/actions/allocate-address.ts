"use server";

import { AllocateAddressCommand, AssociateAddressCommand, ReleaseAddressCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { instanceId, nameTags, resourceName } from "@/lib/console/schemas";
import { UndoStack } from "@/lib/action-pipeline/undo-stack";

const input = z.object({ name: resourceName, instanceId: instanceId.optional() });

/** Allocates an Elastic IP and, when an instance is given, associates it (released again if that fails). */
export async function allocateAddressAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, { name, instanceId }) => {
    const allocated = await new UndoStack().run(async (undo) => {
      const address = await aws.ec2.send(new AllocateAddressCommand({ Domain: "vpc", TagSpecifications: nameTags("elastic-ip", name) }));
      undo.push(() => aws.ec2.send(new ReleaseAddressCommand({ AllocationId: address.AllocationId })));
      if (instanceId) await aws.ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: instanceId }));
      return address;
    });
    const where = instanceId ? ` and associated it with ${instanceId}` : "";
    return { data: { allocationId: allocated.AllocationId! }, message: `Allocated ${allocated.PublicIp}${where}.` };
  });
}
