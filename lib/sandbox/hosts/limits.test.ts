import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { HOST_LIMITS } from "./limits";
import { runScript } from "./run-script";
import { fakeServices } from "./testing";
import { worldOf } from "./world-from-snapshot";

function run(script: string, services = fakeServices()) {
  return runScript(worldOf(lab1Snapshot()), services, LAB1.instance1, script);
}

/** A script that doubles a variable `times` times, starting from 64 characters. */
function doubling(times: number, then: string): string {
  return [`a=${"x".repeat(64)}`, ...Array.from({ length: times }, () => 'a="$a$a"'), then].join("\n");
}

describe("the simulated host's limits, answered as a real shell answers them", () => {
  it("a string doubled to 512 M characters stops at Linux's argument limit: 'Argument list too long', and the run ends at once", async () => {
    const started = performance.now();
    const result = await run(doubling(23, "echo done"));
    expect(performance.now() - started).toBeLessThan(2_000);
    // 64 * 2^11 = 131,072 characters fit; each doubling after that is refused and leaves the variable as it was.
    expect(result.stderr).toBe("bash: a: Argument list too long\n".repeat(12));
    expect(result.stdout).toBe("done\n");
  });

  it("a command given an argument over 128 KiB is E2BIG with status 126", async () => {
    const result = await run(doubling(11, 'echo "$a$a"; echo "status $?"'));
    expect(result.stderr).toBe("bash: echo: Argument list too long\n");
    expect(result.stdout).toBe("status 126\n");
  });

  it("a file over the host's disk is 'No space left on device', and the files kept stay small", async () => {
    const services = fakeServices();
    // 64 * 2^9 = 32,768 characters: one file holds it once (not twice), the disk about four times.
    const script = doubling(9, ['echo "$a" > /tmp/one', 'echo "$a" >> /tmp/one', 'echo "status $?"', ...Array.from({ length: 5 }, (_, i) => `echo "$a" > /tmp/f${i}`)].join("\n"));
    const result = await run(script, services);
    expect(result.stdout).toBe("status 1\n");
    expect(result.stderr).toContain("bash: /tmp/one: No space left on device\n");
    expect(result.stderr).toContain("bash: /tmp/f4: No space left on device\n");
    const files = services.files.get(LAB1.instance1)!;
    const used = Object.entries(files).reduce((sum, [name, content]) => sum + name.length + content.length, 0);
    expect(used).toBeLessThanOrEqual(HOST_LIMITS.diskChars);
    expect(files["/tmp/one"].length).toBe(32_769);
  });

  it("a run keeps at most 1 MiB of output", async () => {
    const result = await run(doubling(10, Array.from({ length: 20 }, () => 'echo "$a"').join("\n")));
    expect(result.stdout.length).toBe(HOST_LIMITS.outputChars);
  });
});
