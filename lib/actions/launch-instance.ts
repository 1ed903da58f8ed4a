"use server";

import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  RunInstancesCommand,
  type EC2Client,
  waitUntilInstanceExists,
} from "@aws-sdk/client-ec2";
import { instanceConnectRange } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import { newestAmazonLinux2023 } from "@/lib/aws/images";
import { z } from "zod";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";
import { launchWizardDescription, nextLaunchWizardName, SSH_SOURCES, type SshSource } from "@/lib/console/launch-wizard";
import { nameTags, resourceName, securityGroupId, subnetId } from "@/lib/console/schemas";
import { UndoStack } from "@/lib/action-pipeline/undo-stack";

/** Firewall (security groups), as the launch wizard asks: select existing groups, or create one allowing SSH. */
const firewall = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("existing"), securityGroupIds: z.array(securityGroupId).min(1, "Choose a security group.") }),
  z.object({ kind: z.literal("create"), sshFrom: z.enum(Object.keys(SSH_SOURCES) as [SshSource, ...SshSource[]]) }),
]);

const input = z.object({
  name: resourceName,
  subnetId,
  firewall,
  instanceType: z.enum(["t2.micro", "t3.micro"]).default("t2.micro"),
});

async function amazonLinux2023(ec2: EC2Client): Promise<string> {
  const imageId = await newestAmazonLinux2023(ec2);
  if (!imageId) throw new ActionFailure("InvalidAMIID.NotFound", "No Amazon Linux 2023 image is available in this region.");
  return imageId;
}

function sshCidr(aws: AwsClients, sshFrom: SshSource): string {
  return sshFrom === "anywhere" ? "0.0.0.0/0" : instanceConnectRange(aws.region);
}

/** The wizard's new group in the subnet's VPC: launch-wizard-N with one inbound rule, SSH from the chosen range. */
async function createWizardGroup(aws: AwsClients, subnetId: string, sshFrom: SshSource, undo: UndoStack): Promise<{ groupId: string; name: string }> {
  const subnet = (await aws.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0];
  const groups = await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["launch-wizard-*"] }] }));
  const name = nextLaunchWizardName((groups.SecurityGroups ?? []).map((group) => group.GroupName));
  const created = await aws.ec2.send(new CreateSecurityGroupCommand({ VpcId: subnet.VpcId, GroupName: name, Description: launchWizardDescription(name, new Date()) }));
  const groupId = created.GroupId!;
  undo.push(() => aws.ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })));
  await aws.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: sshCidr(aws, sshFrom) }] }],
    }),
  );
  return { groupId, name };
}

export async function launchInstanceAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ aws }, data) => {
    const launched = await new UndoStack().run(async (undo) => {
      const wizardGroup = data.firewall.kind === "create" ? await createWizardGroup(aws, data.subnetId, data.firewall.sshFrom, undo) : undefined;
      const securityGroupIds = wizardGroup ? [wizardGroup.groupId] : data.firewall.kind === "existing" ? data.firewall.securityGroupIds : [];
      const answer = await aws.ec2.send(
        new RunInstancesCommand({
          ImageId: await amazonLinux2023(aws.ec2),
          InstanceType: data.instanceType,
          MinCount: 1,
          MaxCount: 1,
          SubnetId: data.subnetId,
          SecurityGroupIds: securityGroupIds,
          TagSpecifications: nameTags("instance", data.name),
        }),
      );
      return { instanceId: answer.Instances![0].InstanceId!, wizardGroup };
    });
    const { instanceId, wizardGroup } = launched;
    // Listed (pending) before the action returns: the diagram then follows it to running as it polls.
    await waitUntilInstanceExists({ client: aws.ec2, minDelay: 1, maxDelay: 5, maxWaitTime: 60 }, { InstanceIds: [instanceId] });
    const group = wizardGroup ? ` with a new security group ${wizardGroup.name} (${wizardGroup.groupId})` : "";
    return { data: { instanceId }, message: `Launched ${instanceId}${group}.` }; // Its state (pending, then running) is live on the diagram and in its panel; a state here would outlive it.
  });
}
