"use server";

import { z } from "zod";
import { analyzePacketPath, indexSnapshot, type PacketVerdict } from "@/lib/analysis";
import { accountIdOf } from "@/lib/aws/account-id";
import { readAccountSnapshot } from "@/lib/aws/shared-snapshot";
import { runTestOnInstance, shellQuote, type ShellResult } from "@/lib/labs/shell-on-instance";
import { pingVerdict, recordTestOfLatestLab } from "@/lib/classroom/recording";
import { awsAction } from "@/lib/action-pipeline/aws-action";
import { ActionFailure } from "@/lib/action-pipeline/result";
import { instanceId } from "@/lib/console/schemas";

const input = z.object({
  fromInstanceId: instanceId,
  /** An instance id, or an IPv4 address. */
  target: z.union([instanceId, z.string().trim().regex(/^(\d{1,3}\.){3}\d{1,3}$/, "Enter an IPv4 address or choose an instance.")]),
  count: z.number().int().min(1).max(10).default(4),
});

export interface PingTestResult {
  command: string;
  /** What the instance printed, as it printed it; absent when the instance could not run commands. */
  shell?: ShellResult;
  shellError?: { code: string; message: string };
  /** When SSM cannot reach the instance: EC2 Instance Connect in the AWS console, to run the command there. */
  instanceConnectUrl?: string;
  verdict: PacketVerdict;
}

/** Pings from an instance through SSM and explains the result hop by hop with the analysis library. */
export async function runPingTestAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { fromInstanceId, target, count }) => {
    // The packet path needs the network and the VPC endpoints routes name, not IAM: the read the
    // console's live view already made of this state serves it (no calls of its own).
    const snapshot = await readAccountSnapshot(aws, await accountIdOf(aws), { identities: false, s3: true });
    const destination = target.startsWith("i-") ? snapshot.instances.find((instance) => instance.InstanceId === target) : undefined;
    if (target.startsWith("i-") && !destination?.PrivateIpAddress) {
      throw new ActionFailure("InvalidInstanceID.NotFound", `The instance ID '${target}' does not exist`);
    }
    const address = destination?.PrivateIpAddress ?? target;
    const verdict = analyzePacketPath(indexSnapshot(snapshot), {
      from: { instanceId: fromInstanceId },
      to: destination ? { instanceId: target } : { address },
      protocol: "icmp",
    });
    const command = `ping -c ${count} ${shellQuote(address)}`;
    const result: PingTestResult = { command, verdict };
    Object.assign(result, await runTestOnInstance(aws, fromInstanceId, [command]));
    await recordTestOfLatestLab(user.id, pingVerdict(verdict));
    return { data: result };
  });
}
