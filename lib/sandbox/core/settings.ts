import type { DelaySettings } from "./types";

const NO_DELAYS: DelaySettings = {
  instancePendingMs: 0,
  instanceStoppingMs: 0,
  instanceShuttingDownMs: 0,
  terminatedVisibleMs: 0,
  peeringProvisioningMs: 0,
};

/** Roughly what a student waits for on real AWS; terminated instances stay listed about an hour, as in EC2. */
const REALISTIC_DELAYS: DelaySettings = {
  instancePendingMs: 4_000,
  instanceStoppingMs: 3_000,
  instanceShuttingDownMs: 3_000,
  terminatedVisibleMs: 60 * 60 * 1_000,
  peeringProvisioningMs: 2_000,
};

export type DelayMode = "none" | "realistic";

type Env = Readonly<Record<string, string | undefined>>;

function defaultMode(env: Env): DelayMode {
  return env.NODE_ENV === "test" || env.CI ? "none" : "realistic";
}

/** Reads VPCLAB_SANDBOX_DELAYS ("none" | "realistic"); unset means none under tests and CI, realistic otherwise. */
export function sandboxDelayMode(env: Env = process.env): DelayMode {
  const value = env.VPCLAB_SANDBOX_DELAYS?.trim();
  if (!value) return defaultMode(env);
  if (value === "none" || value === "realistic") return value;
  throw new Error(`VPCLAB_SANDBOX_DELAYS must be "none" or "realistic", not "${value}"`);
}

/** The state-transition delays the sandbox applies (instance pending -> running, ...). */
export function sandboxDelays(env: Env = process.env): DelaySettings {
  return sandboxDelayMode(env) === "none" ? { ...NO_DELAYS } : { ...REALISTIC_DELAYS };
}
