/** Test and benchmark helpers: run a shell script on an instance through SSM, as the console's "Run test" does. */
import { GetCommandInvocationCommand, type GetCommandInvocationCommandOutput, SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";

const DONE = new Set(["Success", "Failed", "TimedOut", "Cancelled"]);

/** Polls GetCommandInvocation until the run has ended (what the SDK's waitUntilCommandExecuted does, without its 5 s delay). */
export async function waitForInvocation(ssm: SSMClient, commandId: string, instanceId: string, timeoutMs = 20_000): Promise<GetCommandInvocationCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const output = await ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
    if (DONE.has(output.Status ?? "")) return output;
    if (Date.now() > deadline) throw new Error(`command ${commandId} still ${output.Status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Sends an AWS-RunShellScript to one instance and waits for its result. */
export async function runShell(ssm: SSMClient, instanceId: string, commands: string[]): Promise<GetCommandInvocationCommandOutput> {
  const { Command } = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [instanceId], Parameters: { commands } }));
  return waitForInvocation(ssm, Command!.CommandId!, instanceId);
}
