"use server";

import { DescribeImagesCommand, RunInstancesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ActionFailure, runAwsAction } from "./aws-action";
import { nameTags, resourceName, securityGroupId, subnetId } from "./schemas";

const input = z.object({
  name: resourceName,
  subnetId,
  securityGroupIds: z.array(securityGroupId).min(1, "Choose a security group."),
  instanceType: z.enum(["t2.micro", "t3.micro"]).default("t2.micro"),
});

/** The newest Amazon Linux 2023 image (x86_64), as the console's launch wizard picks it. */
async function amazonLinux2023(ec2: EC2Client): Promise<string> {
  const images = await ec2.send(
    new DescribeImagesCommand({
      Owners: ["amazon"],
      Filters: [
        { Name: "name", Values: ["al2023-ami-2023.*-x86_64"] },
        { Name: "state", Values: ["available"] },
      ],
    }),
  );
  const newest = [...(images.Images ?? [])].sort((a, b) => (b.CreationDate ?? "").localeCompare(a.CreationDate ?? ""))[0];
  if (!newest?.ImageId) throw new ActionFailure("InvalidAMIID.NotFound", "No Amazon Linux 2023 image is available in this region.");
  return newest.ImageId;
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
    return { data: { instanceId }, message: `Launched ${instanceId}; it is pending until it starts running.` };
  });
}
