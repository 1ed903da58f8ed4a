import { processSingleton } from "@/lib/process-singleton";
import type { DelaySettings } from "./types";

/**
 * How long EC2 keeps listing a terminated instance (about an hour). It is how AWS answers, not a
 * wait a student sits through, so it holds with the delays off too; a test may still set it.
 */
const TERMINATED_VISIBLE_MS = 60 * 60 * 1_000;

const NO_DELAYS: DelaySettings = {
  instancePendingMs: 0,
  instanceStoppingMs: 0,
  instanceShuttingDownMs: 0,
  terminatedVisibleMs: TERMINATED_VISIBLE_MS,
  peeringProvisioningMs: 0,
  endpointPendingMs: 0,
};

/**
 * Roughly what a student waits for on real AWS.
 * A gateway endpoint answers CreateVpcEndpoint already "available" on AWS, so it has no pending time
 * unless one is set (to exercise a console's wait for "pending" -> "available").
 */
const REALISTIC_DELAYS: DelaySettings = {
  instancePendingMs: 4_000,
  instanceStoppingMs: 3_000,
  instanceShuttingDownMs: 3_000,
  terminatedVisibleMs: TERMINATED_VISIBLE_MS,
  peeringProvisioningMs: 2_000,
  endpointPendingMs: 0,
};

export type DelayMode = "none" | "realistic";

type Env = Readonly<Record<string, string | undefined>>;

/** The names VPCLAB_SANDBOX_DELAYS overrides are given by: the setting without its "Ms". */
const DELAY_NAMES: Record<string, keyof DelaySettings> = Object.fromEntries(
  (Object.keys(NO_DELAYS) as (keyof DelaySettings)[]).map((key) => [key.replace(/Ms$/, ""), key]),
);

/** Delays set by tests or the sandbox's admin API, over the configured ones (core/faults-api.ts). */
const overrides = processSingleton<{ delays: Partial<DelaySettings> }>("delay-overrides", () => ({ delays: {} }));

function defaultMode(env: Env): DelayMode {
  return env.NODE_ENV === "test" || env.CI ? "none" : "realistic";
}

interface DelayConfig {
  mode: DelayMode;
  overrides: Partial<DelaySettings>;
}

function delayError(value: string, reason: string): Error {
  return new Error(
    `VPCLAB_SANDBOX_DELAYS must be "none" or "realistic", optionally followed by ",name=milliseconds" overrides ` +
      `(names: ${Object.keys(DELAY_NAMES).join(", ")}), not "${value}": ${reason}`,
  );
}

function parseOverride(value: string, item: string): [keyof DelaySettings, number] {
  const [name, ms, ...rest] = item.split("=").map((part) => part.trim());
  const key = Object.hasOwn(DELAY_NAMES, name) ? DELAY_NAMES[name] : undefined;
  if (!key) throw delayError(value, `unknown delay "${name}"`);
  if (rest.length > 0 || ms === undefined || !/^\d+$/.test(ms)) throw delayError(value, `"${item}" is not name=milliseconds`);
  return [key, Number(ms)];
}

/** Reads VPCLAB_SANDBOX_DELAYS: "none" | "realistic", then ",instancePending=8000,..." overrides. */
function delayConfig(env: Env): DelayConfig {
  const value = env.VPCLAB_SANDBOX_DELAYS?.trim();
  if (!value) return { mode: defaultMode(env), overrides: {} };
  const [mode, ...items] = value.split(",").map((item) => item.trim());
  if (mode !== "none" && mode !== "realistic") throw delayError(value, `unknown mode "${mode}"`);
  return { mode, overrides: Object.fromEntries(items.map((item) => parseOverride(value, item))) };
}

/** The base mode of VPCLAB_SANDBOX_DELAYS; unset means none under tests and CI, realistic otherwise. */
export function sandboxDelayMode(env: Env = process.env): DelayMode {
  return delayConfig(env).mode;
}

/** The state-transition delays the sandbox applies (instance pending -> running, ...): configured, then set. */
export function sandboxDelays(env: Env = process.env): DelaySettings {
  const config = delayConfig(env);
  const base = config.mode === "none" ? NO_DELAYS : REALISTIC_DELAYS;
  return { ...base, ...config.overrides, ...overrides.delays };
}

/** Refuses a delay that is not a whole number of milliseconds, naming it. */
export function checkDelays(delays: Partial<DelaySettings>): Partial<DelaySettings> {
  for (const [key, value] of Object.entries(delays)) {
    if (!Object.hasOwn(NO_DELAYS, key)) throw new Error(`unknown sandbox delay "${key}"`);
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Error(`sandbox delay ${key} must be a whole number of milliseconds >= 0, not ${String(value)}`);
  }
  return delays;
}

/** Sets some delays for every later call of this process (tests, the admin API); the rest stay as configured. */
export function setSandboxDelays(delays: Partial<DelaySettings>): DelaySettings {
  overrides.delays = { ...overrides.delays, ...checkDelays(delays) };
  return sandboxDelays();
}

/** Back to the delays VPCLAB_SANDBOX_DELAYS configures. */
export function resetSandboxDelays(): DelaySettings {
  overrides.delays = {};
  return sandboxDelays();
}
