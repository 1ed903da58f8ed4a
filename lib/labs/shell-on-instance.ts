import { GetCommandInvocationCommand, SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { instanceConnectConsoleUrl, isManagedInstance, NOT_MANAGED, notManagedMessage } from "@/lib/aws/instance-access";
import { pollUntil } from "./poll";

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  status: string;
}

const FINAL_STATUSES = new Set(["Success", "Failed", "Cancelled", "TimedOut", "Cancelling"]);

/**
 * Runs shell lines on an instance with SSM's AWS-RunShellScript and waits for the result, as
 * the SDK's command waiter does (real AWS takes seconds; the sandbox answers at once).
 */
export async function runShellOnInstance(ssm: SSMClient, instanceId: string, commands: string[], timeoutMs = 60_000): Promise<ShellResult> {
  const sent = await ssm.send(
    new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [instanceId], Parameters: { commands }, TimeoutSeconds: 60 }),
  );
  const commandId = sent.Command!.CommandId!;
  const finished = async (): Promise<ShellResult | undefined> => {
    const invocation = await ssm
      .send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }))
      .catch((error: Error) => {
        // Right after SendCommand, AWS may not know the invocation yet.
        if (error.name === "InvocationDoesNotExist") return undefined;
        throw error;
      });
    if (!invocation?.Status || !FINAL_STATUSES.has(invocation.Status)) return undefined;
    return {
      stdout: invocation.StandardOutputContent ?? "",
      stderr: invocation.StandardErrorContent ?? "",
      exitCode: invocation.ResponseCode ?? -1,
      status: invocation.Status,
    };
  };
  return pollUntil(finished, {
    what: `the command on ${instanceId}`,
    timeoutMs,
    maxIntervalMs: 1000,
    timeoutMessage: `The command on ${instanceId} did not finish within ${timeoutMs / 1000} s.`,
  });
}

/** Quotes a value for a POSIX shell line. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface InstanceTestRun {
  /** What the instance printed; absent when the command could not run (then `shellError` says why). */
  shell?: ShellResult;
  shellError?: { code: string; message: string };
  /** The instance is not managed by SSM: EC2 Instance Connect in the AWS console, to run the command there. */
  instanceConnectUrl?: string;
}

/** A test command on an instance: through SSM when it is managed, else the Instance Connect link. */
export async function runTestOnInstance(clients: { ssm: SSMClient; region: string }, instanceId: string, commands: string[], timeoutMs?: number): Promise<InstanceTestRun> {
  try {
    if (!(await isManagedInstance(clients.ssm, instanceId))) {
      return { shellError: { code: NOT_MANAGED, message: notManagedMessage(instanceId) }, instanceConnectUrl: instanceConnectConsoleUrl(clients.region, instanceId) };
    }
    return { shell: await runShellOnInstance(clients.ssm, instanceId, commands, timeoutMs) };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { shellError: { code: e.name ?? "Error", message: e.message ?? String(error) } };
  }
}

/**
 * Do it for me on a doing step: runs the student's command on the instance through Run Command,
 * so the step's evidence is a real run (SSM keeps it), and reports what it printed.
 */
export async function runForStudent(clients: { ssm: SSMClient; region: string }, instanceId: string, command: string, report: { notes: string[] }): Promise<void> {
  const run = await runTestOnInstance(clients, instanceId, [command], 60_000);
  if (run.shell) report.notes.push(`Ran \`${command}\` on ${instanceId}: ${(run.shell.stdout + run.shell.stderr).trim().split("\n").pop() ?? ""}`);
  else report.notes.push(`Could not run \`${command}\` on ${instanceId} (${run.shellError?.message}): run it in the instance's terminal.`);
}
