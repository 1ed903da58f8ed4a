/**
 * Runs sent commands on the simulated hosts, after SendCommand has stored them, the way the SSM
 * agent picks them up: the world as it is now, `runScript` per instance, one write of the results.
 */
import { processSingleton } from "@/lib/process-singleton";
import { sandboxDelayMode } from "@/lib/sandbox/core/settings";
import { runScript, type HostServices, type World } from "@/lib/sandbox/hosts";
import { accountWorld, sandboxHostServices } from "@/lib/sandbox/host-account-view";
import { readCommand, updateCommand } from "./command-store";
import { scriptOf, withOutcomes, type RunOutcome } from "./model/commands";

const inFlight = processSingleton("ssm-runs", () => new Set<Promise<void>>());

async function runOnInstance(world: World, services: HostServices, instanceId: string, script: string, timeoutSeconds: number): Promise<RunOutcome> {
  const startedAt = Date.now();
  if (!world.index.instances.has(instanceId)) {
    return { instanceId, stdout: "", stderr: "", exitCode: -1, timedOut: false, undeliverable: true, startedAt, durationMs: 0, visibleAt: startedAt };
  }
  const result = await runScript(world, services, instanceId, script, { timeoutSeconds });
  // With demo delays the result appears once the script's own run time (ping -c 4: about 3 s) has passed.
  const visibleAt = sandboxDelayMode() === "realistic" ? startedAt + result.durationMs : Date.now();
  return { instanceId, stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, timedOut: result.timedOut, startedAt, durationMs: result.durationMs, visibleAt };
}

async function runCommand(accountId: string, region: string, commandId: string): Promise<void> {
  const command = await readCommand(accountId, region, commandId);
  if (!command || command.invocations.length === 0) return;
  const world = await accountWorld(accountId, region);
  const services = sandboxHostServices(accountId, region);
  const outcomes: RunOutcome[] = [];
  for (const { instanceId } of command.invocations) {
    outcomes.push(await runOnInstance(world, services, instanceId, scriptOf(command), command.executionTimeoutSeconds));
  }
  await updateCommand(accountId, region, withOutcomes(command, outcomes), "CommandResult");
}

/** Starts a command once the current call has finished; errors are logged, never thrown at the caller. */
export function scheduleCommandRun(accountId: string, region: string, commandId: string): void {
  const run = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => runCommand(accountId, region, commandId))
    .catch((error: unknown) => console.error(`ssm: command ${commandId} of account ${accountId} failed to run`, error))
    .finally(() => inFlight.delete(run));
  inFlight.add(run);
}

/** Resolves when every command started so far has finished (tests, benchmarks, shutdown). */
export async function commandRunsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
