/**
 * EC2 Instance Connect: one-time SSH public keys pushed to an instance's metadata for an OS user,
 * valid 60 seconds. The instances the service can reach are copied from EC2 state whenever it
 * changes (see ssm/model/fleet.ts), so its synchronous calls need not read EC2.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import type { FleetInstance } from "@/lib/sandbox/ssm/model/types";
import { isManaged } from "@/lib/sandbox/ssm/model/fleet";
import { ec2InstanceNotFoundException, ec2InstanceStateInvalidException, invalidArgsException } from "./errors";

/** How long a pushed key is accepted, as AWS documents. */
export const KEY_LIFETIME_MS = 60_000;

export interface PushedKey {
  osUser: string;
  publicKey: string;
  expiresAt: number;
}

export interface InstanceConnectState {
  instances: Record<string, FleetInstance>;
  keys: Record<string, PushedKey[]>;
}

export function emptyInstanceConnectState(): InstanceConnectState {
  return { instances: {}, keys: {} };
}

function constraintError(member: string, value: string, constraint: string): AwsError {
  return invalidArgsException(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

const INSTANCE_ID = /^i-[a-f0-9]+$/;
const OS_USER = /^[A-Za-z_][A-Za-z0-9@._-]{0,30}[A-Za-z0-9$_-]?$/;
const MIN_KEY_LENGTH = 80;
const MAX_KEY_LENGTH = 4096;

const KEY_TYPES = new Set(["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]);

/** An OpenSSH public key line: type, base64 blob whose first field repeats the type, optional comment. */
export function isOpenSshPublicKey(text: string): boolean {
  const [type, blob] = text.trim().split(/\s+/);
  if (!type || !blob || !KEY_TYPES.has(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return false;
  const bytes = Buffer.from(blob, "base64");
  if (bytes.length < 4) return false;
  const length = bytes.readUInt32BE(0);
  return length === type.length && bytes.subarray(4, 4 + length).toString("latin1") === type;
}

export interface PushKeyRequest {
  instanceId: string;
  osUser: string;
  publicKey: string;
  availabilityZone?: string;
}

function checkArguments(request: PushKeyRequest): void {
  if (!INSTANCE_ID.test(request.instanceId)) throw constraintError("instanceId", request.instanceId, "Member must satisfy regular expression pattern: ^i-[a-f0-9]+$");
  if (request.osUser.length < 1 || request.osUser.length > 32 || !OS_USER.test(request.osUser)) {
    throw constraintError("instanceOSUser", request.osUser, "Member must satisfy regular expression pattern: ^[A-Za-z_][A-Za-z0-9\\@\\._-]{0,30}[A-Za-z0-9\\$\\_-]?$");
  }
  // The service's bounds: 80 characters is the shortest key it takes, an ED25519 one ("ssh-ed25519 " + 68 base64 characters).
  if (request.publicKey.length < MIN_KEY_LENGTH || request.publicKey.length > MAX_KEY_LENGTH) {
    const bound = request.publicKey.length < MIN_KEY_LENGTH ? `greater than or equal to ${MIN_KEY_LENGTH}` : `less than or equal to ${MAX_KEY_LENGTH}`;
    throw constraintError("sSHPublicKey", request.publicKey, `Member must have length ${bound}`);
  }
  if (!isOpenSshPublicKey(request.publicKey)) throw invalidArgsException("Unsupported SSH public key format. Use an OpenSSH-formatted RSA, ECDSA or ED25519 public key.");
}

/** Validates like the service, then keeps the key for 60 s (expired keys are dropped at the same time). */
export function pushKey(state: InstanceConnectState, request: PushKeyRequest, now: number): void {
  checkArguments(request);
  const instance = state.instances[request.instanceId];
  if (!instance) throw ec2InstanceNotFoundException(request.instanceId);
  if (request.availabilityZone !== undefined && request.availabilityZone !== instance.availabilityZone) {
    throw invalidArgsException(`Instance ${request.instanceId} is not in availability zone ${request.availabilityZone}`);
  }
  if (!isManaged(instance, now)) throw ec2InstanceStateInvalidException(request.instanceId, instance.state);
  for (const [instanceId, keys] of Object.entries(state.keys)) {
    const live = keys.filter((key) => key.expiresAt > now);
    if (live.length === 0) delete state.keys[instanceId];
    else state.keys[instanceId] = live;
  }
  state.keys[request.instanceId] = [...(state.keys[request.instanceId] ?? []), { osUser: request.osUser, publicKey: request.publicKey.trim(), expiresAt: now + KEY_LIFETIME_MS }];
}

/** Whether `publicKey` may log in as `osUser` now. */
export function keyAccepted(state: InstanceConnectState, instanceId: string, osUser: string, publicKey: string, now: number): boolean {
  return (state.keys[instanceId] ?? []).some((key) => key.osUser === osUser && key.publicKey === publicKey.trim() && key.expiresAt > now);
}
