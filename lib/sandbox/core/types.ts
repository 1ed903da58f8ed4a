import type { PayloadStream } from "./payload-stream";
import type { WireResponse } from "./error-response";
import type { InputDialect, InputMembers } from "./inputs";
import type { QueryParams } from "./query-params";

export interface Caller {
  arn: string;
  accountId: string;
  /** The IAM user; null for the account's root user and for a role session (see `role`). */
  userName: string | null;
  /** Set when the caller signs with temporary credentials from AssumeRole. */
  role?: { roleName: string; roleId: string; roleArn: string; sessionName: string };
  accessKeyId: string;
}

/** The account's root user: no IAM user and no role session. */
export function isRootCaller(caller: Caller): boolean {
  return caller.userName === null && !caller.role;
}

export interface DelaySettings {
  instancePendingMs: number;
  instanceStoppingMs: number;
  instanceShuttingDownMs: number;
  terminatedVisibleMs: number;
  peeringProvisioningMs: number;
  /** How long a new gateway endpoint stays "pending" before "available". */
  endpointPendingMs: number;
}

export interface RequestContext {
  accountId: string;
  region: string;
  requestId: string;
  /** Epoch ms, fixed for the call. */
  now: number;
  caller: Caller;
  delays: DelaySettings;
}

export type { QueryParams, QueryValue } from "./query-params";

export interface QueryOperation<S> {
  /** false for Describe*\/Get*: the core then skips cloning and persisting the state. */
  mutates: boolean;
  /** Every parameter the operation accepts (core/inputs.ts): checked before `run`, listed in the coverage document. */
  input: InputMembers;
  /**
   * Returns the response body (wire names, e.g. { vpc: {...} } or { vpcSet: [...] }, without
   * requestId); throws AwsError. May mutate `state` in place when mutates is true. May be async
   * (IAM's access keys live in their own table); it runs holding the account's lock either way.
   */
  run(params: QueryParams, ctx: RequestContext, state: S): unknown;
}

export interface QueryService<S> {
  /** SigV4 signing name, e.g. "ec2". */
  name: string;
  /** e.g. "2016-11-15". */
  version: string;
  /** e.g. "http://ec2.amazonaws.com/doc/2016-11-15/". */
  xmlns: string;
  /** State kept per region (ec2) or global (iam). */
  regional: boolean;
  /** EC2's <Response><Errors>… envelope vs IAM/STS's <ErrorResponse>. */
  errorFormat: "ec2" | "query";
  /** Element name of list entries: EC2 writes <item> (the default), IAM/STS write <member>. */
  listItemName?: "item" | "member";
  /** How the service nests lists and answers input that does not match an operation's declaration. */
  inputDialect: InputDialect;
  /** e.g. the default VPC for a new account. */
  initialState(ctx: RequestContext): S;
  /** No ids and no times in the initial state: a read of an account without one stores nothing (StateAccess.initialStateIsFixed). */
  initialStateIsFixed?: boolean;
  /** Advance time-based transitions (pending -> running...) before every call; returns true if it changed anything. */
  advance?(state: S, now: number, delays: DelaySettings): boolean;
  /** Whether `advance` would change anything at `now` (read on the frozen state: when not, no draft is made for it). */
  transitionsDue?(state: S, now: number): boolean;
  /** The ids of the resources in `state` that a new one of is briefly invisible (core/consistency.ts). */
  trackedResourceIds?(state: S): Iterable<string>;
  operations: Record<string, QueryOperation<S>>;
}

/** A JSON-protocol request body (AWS JSON 1.1: X-Amz-Target names the operation). */
export type JsonInput = Record<string, unknown>;

export interface JsonOperation<S> {
  /** false for Describe*\/Get*\/List*: the core then skips cloning and persisting the state. */
  mutates: boolean;
  /** Every member the operation reads (core/inputs.ts), checked against the body before `run` (core/json-inputs.ts). */
  input: InputMembers;
  /** Returns (or resolves to) the response object, serialized as JSON; throws AwsError. May mutate `state` in place when mutates is true. */
  run(input: JsonInput, ctx: RequestContext, state: S): unknown;
}

export interface JsonService<S> {
  /** SigV4 signing name, e.g. "ssm". */
  name: string;
  /** The X-Amz-Target prefix before the operation name, e.g. "AmazonSSM". */
  targetPrefix: string;
  regional: boolean;
  /** How the service words a body that breaks its declared inputs. */
  inputDialect: InputDialect;
  initialState(ctx: RequestContext): S;
  /** No ids and no times in the initial state: a read of an account without one stores nothing (StateAccess.initialStateIsFixed). */
  initialStateIsFixed?: boolean;
  advance?(state: S, now: number, delays: DelaySettings): boolean;
  /** Whether `advance` would change anything at `now` (read on the frozen state: when not, no draft is made for it). */
  transitionsDue?(state: S, now: number): boolean;
  operations: Record<string, JsonOperation<S>>;
}

/** A REST request as S3 sees it: the bucket and key come from the raw path (or the Host), decoded once. */
export interface RestRequest {
  method: string;
  /** From a virtual-hosted Host (`<bucket>.s3.localhost`) or the first path segment; undefined for service-level calls. */
  bucket?: string;
  /** Everything after the bucket's "/", percent-decoded once, never normalised ("a/./b//c" stays); "" when absent. */
  key: string;
  /** Decoded query parameters in arrival order ("?uploads" gives ["uploads", ""]). */
  query: [string, string][];
  /** Header values by lower-case name. */
  header(name: string): string | undefined;
  /** Every header, lower-case names (x-amz-meta-* are read from here). */
  headers: ReadonlyMap<string, readonly string[]>;
  /** The payload after aws-chunked decoding and checksum verification (empty when it is streamed). */
  body: Buffer;
  /** The payload as it arrives, for the operations the service streams (streamsPayload). */
  payload?: PayloadStream;
  /** The caller's address as the socket saw it (aws:SourceIp of a caller outside AWS). */
  sourceIp: string;
}

/** What a REST service reports back to the pipeline for the activity log. */
export interface RestCallInfo {
  action: string;
  summary: string;
}

/**
 * A REST-XML service (S3): it owns its storage and its transactions, so the pipeline hands it the
 * parsed request and the caller and takes back the whole wire response.
 */
export interface RestService {
  /** SigV4 signing name, e.g. "s3". */
  name: string;
  /** The operations it serves, with the IAM action each is authorised as (for coverage listings). */
  operations: Record<string, { action: string | null }>;
  /** The operation a request asks for, named before it runs (the activity log names throttled calls by it). */
  operationName?(request: RestRequest): string;
  /** Whether the request's payload goes to the operation as a stream (object bytes) rather than read whole first. */
  streamsPayload?(request: RestRequest): boolean;
  handle(request: RestRequest, ctx: RequestContext, info: RestCallInfo): Promise<WireResponse>;
}
