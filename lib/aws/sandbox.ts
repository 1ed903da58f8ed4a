/**
 * The console's one door to what the embedded sandbox offers beyond AWS's APIs: the student's
 * sandbox account and its keys, the stream of changes, the API activity log, the browser terminal
 * and its journal. Real AWS has none of these (CloudTrail and the AWS console's own Instance
 * Connect page stand in for some), so `sandboxExtras()` is null there: callers ask for the
 * capability instead of checking the mode.
 *
 * Only this folder and server.ts import lib/sandbox (an ESLint rule enforces it).
 */
import "server-only";
import { ensureSandboxAccount, LAB_USER_NAME, NoActiveLabUserKeyError, sandboxAccountIdOf, type SandboxCredentials } from "@/lib/sandbox/accounts";
import { type ActivityRow, listActivity } from "@/lib/sandbox/core/activity";
import { faultsInjected } from "@/lib/sandbox/core/faults";
import { describeEc2Now, type Ec2Part } from "@/lib/sandbox/host-account-view";
import { onSandboxChange, type SandboxChange } from "@/lib/sandbox/core/state-store";
import { liveAccountVersion } from "@/lib/sandbox/live-version";
import { findTerminal, openInstanceConnectSession, readJournal, type JournalEntry, type OpenSessionResult, type TerminalEndpoint, type TerminalSession } from "@/lib/sandbox/sessions";
import { awsMode } from "./mode";

/** The IAM user whose keys the console and the student use in a sandbox account. */
export { LAB_USER_NAME, NoActiveLabUserKeyError };
export type { ActivityRow, Ec2Part, JournalEntry, OpenSessionResult, SandboxChange, SandboxCredentials, TerminalEndpoint, TerminalSession };

export interface SandboxExtras {
  /** The user's sandbox account and console key, made on first use. */
  account(userId: string): Promise<SandboxCredentials>;
  /** The user's sandbox account id (made on first use), known without a key to sign with. */
  accountId(userId: string): Promise<string>;
  /** Calls `listener` on every change of any account; returns the unsubscribe. */
  onChange(listener: (change: SandboxChange) => void): () => void;
  /** The account's API calls, newest first. */
  activity(accountId: string, options?: Parameters<typeof listActivity>[1]): Promise<ActivityRow[]>;
  /** What was typed and printed on the account's simulated hosts. */
  journal(accountId: string, region: string): Promise<JournalEntry[]>;
  /** Opens a browser terminal on an instance, as EC2 Instance Connect does after SendSSHPublicKey. */
  openTerminal: typeof openInstanceConnectSession;
  /** The account's open terminal session with this id (whichever app process runs it), or null. */
  findTerminal(sessionId: string, accountId: string): Promise<TerminalEndpoint | null>;
  /**
   * The account's state version as reads signed with this key would see it now: equal versions,
   * equal answers (of one service's calls, when `service` is given: "ec2", "s3", "iam"). Undefined
   * while new ids may still appear, or when the key is not this sandbox's.
   */
  liveVersion(accountId: string, region: string, accessKeyId: string, service?: string): Promise<number | undefined>;
  /**
   * What EC2's Describe calls of a lab snapshot answer now, read in process: the same operations
   * and serializer the API serves, read back by the SDK's own deserializers, without signing, a
   * socket or a log row per call (the sandbox's EC2 authorizes no IAM, so any key would see the
   * same). Null while faults are injected: the console's reads then go through the API and meet them.
   */
  describeEc2<U extends Ec2Unit>(accountId: string, region: string, unit: U): Promise<Ec2UnitOf[U]> | null;
}

/** A lab snapshot's EC2 units: the network (what a packet crosses) and the way to S3 (VPC endpoints, prefix lists). */
export type Ec2Unit = "network" | "endpoints";
export interface Ec2UnitOf {
  network: Omit<Ec2Part, "vpcEndpoints" | "prefixLists">;
  endpoints: Pick<Ec2Part, "vpcEndpoints" | "prefixLists">;
}

function ec2UnitOf<U extends Ec2Unit>(part: Ec2Part, unit: U): Ec2UnitOf[U] {
  const { vpcEndpoints, prefixLists, ...network } = part;
  return (unit === "endpoints" ? { vpcEndpoints, prefixLists } : network) as Ec2UnitOf[U];
}

export const SANDBOX_EXTRAS: SandboxExtras = {
  account: ensureSandboxAccount,
  accountId: sandboxAccountIdOf,
  onChange: onSandboxChange,
  activity: listActivity,
  journal: readJournal,
  openTerminal: openInstanceConnectSession,
  findTerminal: async (sessionId, accountId) => (await findTerminal(sessionId, accountId)) ?? null,
  liveVersion: liveAccountVersion,
  describeEc2: (accountId, region, unit) => (faultsInjected() ? null : describeEc2Now(accountId, region).then((part) => ec2UnitOf(part, unit))),
};

/** The sandbox's extras when the console runs on the sandbox, null on real AWS. */
export function sandboxExtras(env: Readonly<Record<string, string | undefined>> = process.env): SandboxExtras | null {
  return awsMode(env) === "sandbox" ? SANDBOX_EXTRAS : null;
}
