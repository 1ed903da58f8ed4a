/**
 * SSM's records of one account in one region: the commands sent (stored one row each, see
 * ../command-store.ts) and SSM's fleet, the instances whose agent is registered (the state
 * document). Plain JSON; times are epoch ms.
 */

export type InvocationStatus = "Pending" | "InProgress" | "Success" | "Failed" | "TimedOut" | "Cancelled";

export interface InvocationRecord {
  instanceId: string;
  status: InvocationStatus;
  statusDetails: string;
  /** The script's exit code; -1 until it ends. */
  responseCode: number;
  stdout: string;
  stderr: string;
  startedAt?: number;
  /** startedAt + the script's (virtual) run time. */
  finishedAt?: number;
  /** With demo delays the result shows only from finishedAt on; without, as soon as it is recorded. */
  visibleAt?: number;
}

export interface CommandTarget {
  Key: string;
  Values: string[];
}

export interface CommandRecord {
  id: string;
  documentName: string;
  documentVersion: string;
  comment: string;
  parameters: Record<string, string[]>;
  instanceIds: string[];
  targets: CommandTarget[];
  requestedAt: number;
  /** Delivery timeout (TimeoutSeconds). */
  timeoutSeconds: number;
  /** The document's executionTimeout parameter, in seconds. */
  executionTimeoutSeconds: number;
  maxConcurrency: string;
  maxErrors: string;
  invocations: InvocationRecord[];
}

/** An instance as SSM's fleet knows it (the agent registers at boot; the sandbox treats every instance as launched with the lab's SSM role). */
export interface FleetInstance {
  state: string;
  /** When a pending instance becomes running (EC2 applies it on its next read). */
  runningAt?: number;
  launchedAt: number;
  privateIp: string;
  availabilityZone: string;
  computerName: string;
  tags: Record<string, string>;
}

export interface SsmState {
  fleet: Record<string, FleetInstance>;
}

export function emptySsmState(): SsmState {
  return { fleet: {} };
}
