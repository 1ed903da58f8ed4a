/**
 * How the console runs a test on an instance: through SSM when the instance is managed (SSM's
 * fleet lists it Online), else it cannot — then the student gets the analysis verdict and a link
 * to EC2 Instance Connect in the AWS console to run the command themselves.
 */
import { DescribeInstanceInformationCommand, type SSMClient } from "@aws-sdk/client-ssm";

/** The AWS console's browser SSH (EC2 Instance Connect) for an Amazon Linux instance. */
export function instanceConnectConsoleUrl(region: string, instanceId: string): string {
  const query = new URLSearchParams({ region, connType: "standard", instanceId, osUser: "ec2-user", sshPort: "22" });
  return `https://${region}.console.aws.amazon.com/ec2-instance-connect/ssh?${query.toString()}`;
}

/** Whether SSM can run commands on the instance now (its agent reports Online). */
export async function isManagedInstance(ssm: SSMClient, instanceId: string): Promise<boolean> {
  const { InstanceInformationList } = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [instanceId] }] }));
  return (InstanceInformationList ?? []).some((entry) => entry.InstanceId === instanceId && entry.PingStatus === "Online");
}

export const NOT_MANAGED = "InstanceNotManagedBySsm";

export function notManagedMessage(instanceId: string): string {
  return `${instanceId} is not managed by AWS Systems Manager (it needs the SSM agent and an instance profile allowing SSM), so the console cannot run the command there. The verdict below is the analysis of the account; run the command yourself through EC2 Instance Connect.`;
}
