"use server";

import { RunInstancesCommand, type EC2Client, waitUntilInstanceExists } from "@aws-sdk/client-ec2";
import { newestAmazonLinux2023 } from "@/lib/aws/images";
import { z } from "zod";
import { ActionFailure, runAwsAction } from "./aws-action";
import { nameTags, resourceName, securityGroupId, subnetId } from "./schemas";

const input = z.object({
  name: resourceName,
  subnetId,
  securityGroupIds: z.array(securityGroupId).min(1, "Choose a security group."),
  instanceType: z.enum(["t2.micro", "t3.micro"]).default("t2.micro"),
});

async function amazonLinux2023(ec2: EC2Client): Promise<string> {
  const imageId = await newestAmazonLinux2023(ec2);
  if (!imageId) throw new ActionFailure("InvalidAMIID.NotFound", "No Amazon Linux 2023 image is available in this region.");
  return imageId;
}

export async function launchInstanceAction(values: z.input<typeof input>) {
  return runAwsAction(input, values, async ({ aws }, data) => {
    const launched = await aws.ec2.send(
      new RunInstancesCommand({
        ImageId: await amazonLinux2023(aws.ec2),
        InstanceType: data.instanceType,
        MinCount: 1,
        MaxCount: 1,
        SubnetId: data.subnetId,
        SecurityGroupIds: data.securityGroupIds,
        TagSpecifications: nameTags("instance", data.name),
      }),
    );
    const instanceId = launched.Instances![0].InstanceId!;
    // Listed (pending) before the action returns: the diagram then follows it to running as it polls.
    await waitUntilInstanceExists({ client: aws.ec2, minDelay: 1, maxDelay: 5, maxWaitTime: 60 }, { InstanceIds: [instanceId] });
    return { data: { instanceId }, message: `Launched ${instanceId}.` }; // Its state (pending, then running) is live on the diagram and in its panel; a state here would outlive it.
  });
}
