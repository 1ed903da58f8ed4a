"use server";

import { SendSSHPublicKeyCommand } from "@aws-sdk/client-ec2-instance-connect";
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { instanceConnectConsoleUrl } from "@/lib/aws/instance-access";
import { oneTimeSshPublicKey } from "@/lib/labs/one-time-key";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";
import { instanceId } from "@/lib/console/schemas";

const input = z.object({ instanceId });

export type OpenTerminalResult =
  | { kind: "session"; sessionId: string }
  | { kind: "refused"; reason: string; message: string }
  /** Real AWS: the AWS console's own Instance Connect page for the instance. */
  | { kind: "external"; url: string };

/**
 * EC2 Instance Connect as the AWS console does it: push a one-time key with SendSSHPublicKey,
 * then open the browser terminal. On the sandbox the terminal is the simulated host's shell; it
 * opens only when the path from the EC2 Instance Connect range to port 22 is open.
 */
export async function openTerminalAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { instanceId }): Promise<{ data: OpenTerminalResult }> => {
    if (!aws.sandbox) {
      return { data: { kind: "external", url: instanceConnectConsoleUrl(aws.region, instanceId) } };
    }
    const described = await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const instance = described.Reservations?.[0]?.Instances?.[0];
    if (!instance) throw new ActionFailure("InvalidInstanceID.NotFound", `The instance ID '${instanceId}' does not exist`);
    await aws.instanceConnect.send(
      new SendSSHPublicKeyCommand({
        InstanceId: instanceId,
        InstanceOSUser: "ec2-user",
        SSHPublicKey: oneTimeSshPublicKey(),
        AvailabilityZone: instance.Placement?.AvailabilityZone,
      }),
    );
    const accountId = await aws.sandbox.accountId(user.id);
    const opened = await aws.sandbox.openTerminal(accountId, instanceId, aws.region);
    if (!opened.ok) return { data: { kind: "refused", reason: opened.reason, message: opened.message } };
    return { data: { kind: "session", sessionId: opened.session.id } };
  });
}
