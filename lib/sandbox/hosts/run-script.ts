import { hostCommands } from "./commands";
import { appendCapped, HOST_LIMITS } from "./limits";
import { type Clock, ExitRequest, Shell } from "./shell";
import type { HostServices, ScriptResult, World } from "./types";

/** AWS-RunShellScript's default executionTimeout. */
const DEFAULT_TIMEOUT_SECONDS = 3600;
/**
 * What GetCommandInvocation reports as ResponseCode when the agent had to kill a script that
 * outlived its execution timeout (status TimedOut).
 */
const TIMED_OUT_EXIT_CODE = -1;

class ScriptTimeout extends Error {}

/**
 * Virtual time for batch runs: waits cost nothing but are counted, so `ping -c 4` reports
 * realistic durations instantly, and a script that would run forever (ping without -c) is
 * killed when its virtual time passes the execution timeout, as the SSM agent would kill it.
 */
class VirtualClock implements Clock {
  elapsedMs = 0;

  constructor(private readonly limitMs: number) {}

  async sleep(ms: number): Promise<boolean> {
    if (this.elapsedMs + ms > this.limitMs) {
      this.elapsedMs = this.limitMs;
      throw new ScriptTimeout();
    }
    this.elapsedMs += ms;
    return true;
  }

  interrupted(): boolean {
    return false;
  }

  clearInterrupt(): void {}
}

/**
 * Runs a script as SSM's AWS-RunShellScript does: the lines in order, without -e, no terminal
 * and no stdin; the exit code is the last command's (or `exit N`).
 */
export async function runScript(world: World, services: HostServices, instanceId: string, script: string, options: { timeoutSeconds?: number } = {}): Promise<ScriptResult> {
  const clock = new VirtualClock((options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
  const files = await services.loadHostFiles(instanceId);
  const shell = new Shell({ instanceId, services, world: async () => world, clock, commands: hostCommands, files });
  let stdout = "";
  let stderr = "";
  let exitCode: number;
  let timedOut = false;
  try {
    const keep = (buffer: string, text: string) => appendCapped(buffer, text, HOST_LIMITS.outputChars);
    exitCode = await shell.run(script, { out: (text) => (stdout = keep(stdout, text)), err: (text) => (stderr = keep(stderr, text)) }, false);
  } catch (error) {
    if (error instanceof ExitRequest) exitCode = error.code;
    else if (error instanceof ScriptTimeout) {
      exitCode = TIMED_OUT_EXIT_CODE;
      timedOut = true;
    } else throw error;
  }
  if (shell.files !== files) await services.saveHostFiles(instanceId, shell.files);
  return { stdout, stderr, exitCode, durationMs: Math.round(clock.elapsedMs), timedOut };
}
