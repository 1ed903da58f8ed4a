import type { IdentitySnapshot } from "@/lib/analysis";
import type { LabSnapshot, SnapshotIndex } from "@/lib/analysis";

/** The lab as it stands when a command runs; the caller builds it from sandbox state. */
export interface World {
  snapshot: LabSnapshot;
  index: SnapshotIndex;
}

/** Who an access key belongs to, as IAM knows it. */
export interface AccessKeyOwner {
  arn: string;
  accountId: string;
  /** The IAM unique id STS reports as UserId (AIDA… for a user). */
  userId: string;
  userName: string | null;
  secretAccessKey: string;
  /** Temporary credentials (AssumeRole): the token they need, their expiry, and the role session's identity. */
  session?: { sessionToken: string; expiresAt: number; identity: IdentitySnapshot };
}

export interface S3BucketEntry {
  name: string;
  /** Epoch milliseconds. */
  creationDate: number;
}

export interface S3ObjectEntry {
  key: string;
  size: number;
  /** Epoch milliseconds. */
  lastModified: number;
}

/**
 * The S3 data the shell reads and writes once the analysis has allowed a request. The S3 part of
 * the sandbox implements it over its own state.
 */
export interface S3DataPlane {
  listBuckets(accountId: string): Promise<S3BucketEntry[]>;
  /** Every object whose key starts with the prefix, in key order. */
  listObjects(bucket: string, prefix: string): Promise<S3ObjectEntry[]>;
  /** Undefined when the key does not exist. */
  getObject(bucket: string, key: string): Promise<{ body: string; lastModified: number } | undefined>;
  putObject(bucket: string, key: string, body: string): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  /** The policy text, null when the bucket has none, undefined when there is no such bucket. */
  getBucketPolicy(bucket: string): Promise<string | null | undefined>;
  /** Throws S3's MalformedPolicy (an AwsError) for an invalid document. */
  putBucketPolicy(bucket: string, policy: string): Promise<void>;
  deleteBucketPolicy(bucket: string): Promise<void>;
}

/** The instance's files the shell keeps, by absolute path (~/.aws/config, files made with `echo >`). */
export type HostFiles = Record<string, string>;

export interface HostServices {
  /** Epoch milliseconds. */
  now(): number;
  resolveAccessKey(accessKeyId: string): Promise<AccessKeyOwner | null>;
  /** The temporary credentials IMDS offers an instance whose instance profile holds a role; null without one. */
  instanceRoleCredentials?(instanceId: string): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string } | null>;
  s3: S3DataPlane;
  /** Logs an API call the instance's CLI made that reached AWS (the account's activity, as CloudTrail would have it). */
  recordApiCall?(call: InstanceApiCall): void;
  loadHostFiles(instanceId: string): Promise<HostFiles>;
  saveHostFiles(instanceId: string, files: HostFiles): Promise<void>;
}

/** One call from an instance's CLI, as the account's activity log keeps it. */
export interface InstanceApiCall {
  instanceId: string;
  caller: AccessKeyOwner;
  accessKeyId: string;
  service: "s3" | "sts";
  action: string;
  /** Resource names for the log's summary (bucket, key), never secrets. */
  summary: string;
  errorCode: string | null;
  httpStatus: number;
}

/** What SSM's GetCommandInvocation reports for an AWS-RunShellScript run. */
export interface ScriptResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
  /** The script outlived its execution timeout and was killed. */
  timedOut: boolean;
}

/** Timer functions, injectable so tests drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
