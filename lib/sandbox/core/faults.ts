/**
 * Faults the sandbox can inject so a client's real-AWS behaviour (backoff, waiters, retries on
 * NotFound) can be exercised here: latency on every call, throttling at a rate, and an eventual
 * consistency window after EC2 creates a resource (core/consistency.ts). All off by default.
 *
 * Configured by VPCLAB_SANDBOX_FAULTS ("latency=200,throttle=0.05,consistency=1000,seed=7"), and
 * changed at run time by tests (setSandboxFaults) or the admin API (faults-api.ts). The settings
 * are the process's: they apply to every account.
 */
import { processSingleton } from "@/lib/process-singleton";
import { seededRandom } from "@/lib/seeded-random";

export interface SandboxFaults {
  /** Every call waits this long before it is served. */
  latencyMs: number;
  /** The share of calls (0..1) refused with the service's throttling error. */
  throttleRate: number;
  /** How long a new EC2 resource stays invisible to calls that name it or list its kind. */
  consistencyWindowMs: number;
  /** Seeds the throttling draws, so which calls are throttled is the same on every run. */
  seed?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const NO_FAULTS: SandboxFaults = { latencyMs: 0, throttleRate: 0, consistencyWindowMs: 0 };

/** The VPCLAB_SANDBOX_FAULTS names of the settings. */
const ENV_NAMES: Record<string, keyof SandboxFaults> = {
  latency: "latencyMs",
  throttle: "throttleRate",
  consistency: "consistencyWindowMs",
  seed: "seed",
};

/** Refuses a value a setting cannot take, naming the setting. */
export function checkFaults(faults: Partial<SandboxFaults>): Partial<SandboxFaults> {
  for (const [key, value] of Object.entries(faults)) {
    if (key === "seed" && value === undefined) continue;
    if (!Object.hasOwn(NO_FAULTS, key) && key !== "seed") throw new Error(`unknown sandbox fault "${key}"`);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new Error(`sandbox fault ${key} must be a number >= 0, not ${String(value)}`);
    if (key === "throttleRate" && value > 1) throw new Error(`sandbox fault throttleRate must be between 0 and 1, not ${value}`);
    if (key !== "throttleRate" && !Number.isSafeInteger(value)) throw new Error(`sandbox fault ${key} must be a whole number, not ${value}`);
  }
  return faults;
}

/** Reads VPCLAB_SANDBOX_FAULTS; unset or empty means no faults. Throws on a bad value, naming it. */
export function parseSandboxFaults(env: Env = process.env): SandboxFaults {
  const value = env.VPCLAB_SANDBOX_FAULTS?.trim();
  if (!value) return { ...NO_FAULTS };
  const faults: Partial<SandboxFaults> = {};
  for (const item of value.split(",").map((part) => part.trim())) {
    const [name, raw, ...rest] = item.split("=").map((part) => part.trim());
    const key = Object.hasOwn(ENV_NAMES, name) ? ENV_NAMES[name] : undefined;
    const number = raw === undefined || raw === "" || rest.length > 0 ? NaN : Number(raw);
    const problem = !key ? `unknown fault "${name}"` : Number.isNaN(number) ? `"${item}" is not name=number` : faultProblem(key, number);
    if (problem) {
      throw new Error(`VPCLAB_SANDBOX_FAULTS takes "latency=ms,throttle=0..1,consistency=ms,seed=n" (any of them), not "${value}": ${problem}`);
    }
    faults[key!] = number;
  }
  return { ...NO_FAULTS, ...faults };
}

function faultProblem(key: keyof SandboxFaults, value: number): string | undefined {
  try {
    checkFaults({ [key]: value });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

interface FaultState {
  faults: SandboxFaults;
  random: () => number;
}

function stateFor(faults: SandboxFaults): FaultState {
  return { faults, random: faults.seed === undefined ? Math.random : seededRandom(faults.seed) };
}

const current = processSingleton<{ state?: FaultState }>("faults", () => ({}));

function faultState(): FaultState {
  current.state ??= stateFor(parseSandboxFaults());
  return current.state;
}

/** The faults in force. */
export function sandboxFaults(): SandboxFaults {
  return { ...faultState().faults };
}

/** Changes some faults for every later call; giving a seed (again) restarts the throttling draws from it. */
export function setSandboxFaults(partial: Partial<SandboxFaults>): SandboxFaults {
  checkFaults(partial);
  const previous = faultState();
  const faults = { ...previous.faults, ...partial };
  current.state = "seed" in partial ? stateFor(faults) : { faults, random: previous.random };
  return sandboxFaults();
}

/** Back to the faults VPCLAB_SANDBOX_FAULTS configures (none when unset), draws restarted from its seed. */
export function resetSandboxFaults(): SandboxFaults {
  current.state = stateFor(parseSandboxFaults());
  return sandboxFaults();
}

/** Waits the configured latency (call it outside any account lock: other accounts must not wait). */
export async function injectLatency(): Promise<void> {
  const { latencyMs } = faultState().faults;
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
}

/** Whether this call is to be throttled: one draw per call while a rate is set. */
export function drawThrottle(): boolean {
  const { faults, random } = faultState();
  return faults.throttleRate > 0 && random() < faults.throttleRate;
}

/** The consistency window in force (0 = every resource is visible at once). */
export function consistencyWindowMs(): number {
  return faultState().faults.consistencyWindowMs;
}

/** True while any fault is injected (latency, throttling, eventual consistency). */
export function faultsInjected(): boolean {
  const { latencyMs, throttleRate, consistencyWindowMs } = faultState().faults;
  return latencyMs > 0 || throttleRate > 0 || consistencyWindowMs > 0;
}
