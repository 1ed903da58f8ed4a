/**
 * `npm run load -- --url … --pid P` reads memory after a full collection, asked for with SIGUSR2:
 * a console started without --expose-gc does not handle that signal, and it would end it.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { collectGarbage, startedWithExposedGc } from "./console-server";

function sleeper(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [...args, "-e", "setTimeout(() => {}, 20_000)"], { env: { ...process.env, ...env }, stdio: "ignore" });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  return { child, exited };
}

describe("the load run's garbage collection in a running console", () => {
  it("leaves a server started without --expose-gc running", async () => {
    const { child, exited } = sleeper([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(startedWithExposedGc(child.pid!)).toBe(false);
    await collectGarbage(child.pid!);
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
    child.kill();
    await exited;
  });

  it("knows --expose-gc on the command line or in NODE_OPTIONS", async () => {
    const direct = sleeper(["--expose-gc"]);
    const viaOptions = sleeper([], { NODE_OPTIONS: "--expose-gc" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(startedWithExposedGc(direct.child.pid!)).toBe(true);
    expect(startedWithExposedGc(viaOptions.child.pid!)).toBe(true);
    direct.child.kill();
    viaOptions.child.kill();
    await Promise.all([direct.exited, viaOptions.exited]);
  });
});
