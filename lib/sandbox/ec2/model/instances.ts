/**
 * Instances: launch (RunInstances), the lifecycle pending -> running -> stopping -> stopped ->
 * shutting-down -> terminated with its timed transitions, and addresses (private from the subnet,
 * public from the sandbox's pool).
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import type { DelaySettings } from "@/lib/sandbox/core/types";
import { findImage, INSTANCE_TYPES, type ImageInfo } from "./catalog";
import { blockContains, blockSize, intToIpv4, parseStrictIpv4, storedIpv4Block } from "@/lib/cidr";
import { incorrectInstanceState, instanceLimitExceeded, instancesNotFound, insufficientFreeAddressesInSubnet, invalidIpAddressInUse, invalidKeyPairNotFound, invalidParameter, invalidParameterCombinationPrivateIpForMany, invalidParameterValue, missingResource, notFound, operationNotPermittedByAttribute } from "./errors";
import { newId, newMacAddress } from "./ids";
import { isVisible, lookup } from "./lookup";
import { clearAssociation } from "./addresses";
import { allocatePublicIp } from "./public-ips";
import { findGroupByNameInVpc } from "./security-groups";
import { getSubnet, usedAddresses } from "./subnets";
import { requireDefaultVpc } from "./vpcs";
import { rootVolumeId } from "./volumes";
import type { Ec2State, Instance, InstanceStateName, Subnet } from "./types";

/** The sandbox's On-Demand instance limit per account and region. */
export const MAX_LIVE_INSTANCES = 20;

export const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface LaunchRequest {
  imageId: string;
  instanceType: string;
  minCount: number;
  maxCount: number;
  subnetId?: string;
  availabilityZone?: string;
  securityGroupIds: string[];
  securityGroupNames: string[];
  keyName?: string;
  privateIpAddress?: string;
  /** undefined: the subnet's MapPublicIpOnLaunch decides. */
  associatePublicIp?: boolean;
  clientToken?: string;
}

export interface Clock {
  now: number;
  delays: DelaySettings;
}

export function isLive(instance: Instance): boolean {
  return instance.state !== "terminated";
}

export function getInstance(state: Ec2State, instanceId: string): Instance {
  return lookup(state.instances, "instance", instanceId);
}

/** Every id must exist; AWS names all the unknown ones in one error. */
export function getInstances(state: Ec2State, instanceIds: string[]): Instance[] {
  const malformed = instanceIds.find((id) => !/^i-[0-9a-f]+$/.test(id));
  if (malformed !== undefined) throw missingResource("instance", malformed);
  const unknown = instanceIds.filter((id) => !isVisible(state.instances, id));
  if (unknown.length > 0) throw instancesNotFound(unknown);
  return instanceIds.map((id) => state.instances[id]);
}

function checkImageAndType(request: LaunchRequest): void {
  const image = findImage(request.imageId);
  if (!image) throw missingResource("image", request.imageId);
  checkTypeFitsImage(request.instanceType, image);
}

/** The type must be one the sandbox offers, of the image's CPU architecture (RunInstances, ModifyInstanceAttribute). */
export function checkTypeFitsImage(instanceType: string, image: ImageInfo): void {
  const architecture = Object.hasOwn(INSTANCE_TYPES, instanceType) ? INSTANCE_TYPES[instanceType] : undefined;
  if (!architecture) throw invalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`);
  if (architecture !== image.architecture) {
    throw invalidParameterValue(
      `The architecture '${architecture}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. ` +
        "Specify an instance type and an AMI that have matching architectures, and try again. " +
        "You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.",
    );
  }
}

function checkCounts(state: Ec2State, request: LaunchRequest): void {
  if (request.minCount < 1) throw invalidParameterValue(`Value (${request.minCount}) for parameter minCount is invalid. Expected a positive integer.`);
  if (request.maxCount < request.minCount) {
    throw invalidParameterValue(`Value (${request.maxCount}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount.`);
  }
  const live = Object.values(state.instances).filter(isLive).length;
  if (live + request.minCount > MAX_LIVE_INSTANCES) {
    throw instanceLimitExceeded(live + request.minCount, MAX_LIVE_INSTANCES);
  }
}

/** The subnet asked for, or the default subnet (of the requested zone) of the default VPC. */
function launchSubnet(state: Ec2State, request: LaunchRequest): Subnet {
  if (request.subnetId !== undefined) return getSubnet(state, request.subnetId);
  const vpc = requireDefaultVpc(state);
  const candidates = Object.values(state.subnets).filter((s) => s.vpcId === vpc.id && s.defaultForAz);
  const subnet = candidates.find((s) => request.availabilityZone === undefined || s.availabilityZone === request.availabilityZone);
  if (!subnet) throw invalidParameterValue(`Invalid availability zone: [${request.availabilityZone}]`);
  return subnet;
}

function launchSecurityGroups(state: Ec2State, request: LaunchRequest, subnet: Subnet): string[] {
  const byId = request.securityGroupIds.map((groupId) => {
    const group = lookup(state.securityGroups, "securityGroup", groupId);
    if (group.vpcId !== subnet.vpcId) throw invalidParameter(`Security group ${groupId} and subnet ${subnet.id} belong to different networks.`);
    return group.id;
  });
  const byName = request.securityGroupNames.map((name) => findGroupByNameInVpc(state, name, subnet.vpcId).id);
  const ids = [...new Set([...byId, ...byName])];
  if (ids.length > 0) return ids;
  return [findGroupByNameInVpc(state, "default", subnet.vpcId).id];
}

/** The usable range: AWS keeps the first four addresses and the last one of each subnet. */
function hostRange(subnet: Subnet): { first: number; last: number } {
  const cidr = storedIpv4Block(subnet.cidrBlock);
  return { first: cidr.network + 4, last: cidr.network + blockSize(cidr) - 2 };
}

function checkRequestedAddress(state: Ec2State, subnet: Subnet, text: string): string {
  const address = parseStrictIpv4(text);
  if (address === null || !blockContains(storedIpv4Block(subnet.cidrBlock), address)) {
    throw invalidParameterValue(`Address ${text} does not fall within the subnet's address range`);
  }
  const { first, last } = hostRange(subnet);
  if (address < first || address > last) throw invalidParameterValue(`Address ${text} is in subnet's reserved address range`);
  if (usedAddresses(state, subnet.id).has(text)) throw invalidIpAddressInUse(text);
  return text;
}

/** Free private addresses for `count` instances, lowest first (AWS hands them out in no promised order). */
function freeAddresses(state: Ec2State, subnet: Subnet, count: number): string[] {
  const used = usedAddresses(state, subnet.id);
  const { first, last } = hostRange(subnet);
  const free: string[] = [];
  for (let value = first; value <= last && free.length < count; value++) {
    const text = intToIpv4(value);
    if (!used.has(text)) free.push(text);
  }
  return free;
}

function launchAddresses(state: Ec2State, request: LaunchRequest, subnet: Subnet): string[] {
  if (request.privateIpAddress !== undefined) {
    if (request.maxCount > 1) {
      throw invalidParameterCombinationPrivateIpForMany();
    }
    return [checkRequestedAddress(state, subnet, request.privateIpAddress)];
  }
  const free = freeAddresses(state, subnet, Math.min(request.maxCount, MAX_LIVE_INSTANCES - Object.values(state.instances).filter(isLive).length));
  if (free.length < request.minCount) {
    throw insufficientFreeAddressesInSubnet(subnet.id);
  }
  return free;
}

/** Launches between MinCount and MaxCount instances in one reservation; they start `pending`. */
export function runInstances(state: Ec2State, request: LaunchRequest, clock: Clock): Instance[] {
  checkImageAndType(request);
  checkCounts(state, request);
  const subnet = launchSubnet(state, request);
  const securityGroupIds = launchSecurityGroups(state, request, subnet);
  if (request.keyName !== undefined) throw invalidKeyPairNotFound(request.keyName);
  const addresses = launchAddresses(state, request, subnet);
  const reservationId = newId("r");
  const associatePublicIp = request.associatePublicIp ?? subnet.mapPublicIpOnLaunch;
  return addresses.map((privateIpAddress, index) => {
    const instance: Instance = {
      id: newId("i"),
      reservationId,
      imageId: request.imageId,
      instanceType: request.instanceType,
      subnetId: subnet.id,
      vpcId: subnet.vpcId,
      availabilityZone: subnet.availabilityZone,
      privateIpAddress,
      publicIpAddress: associatePublicIp ? allocatePublicIp(state) : undefined,
      associatePublicIp,
      securityGroupIds,
      state: "pending",
      transitionAt: clock.now + clock.delays.instancePendingMs,
      stateTransitionReason: "",
      launchTime: clock.now,
      amiLaunchIndex: index,
      clientToken: request.clientToken,
      networkInterfaceId: newId("eni"),
      attachmentId: newId("eni-attach"),
      macAddress: newMacAddress(),
    };
    state.instances[instance.id] = instance;
    return instance;
  });
}

// ---------------------------------------------------------------- state changes

export interface StateChange {
  instanceId: string;
  previous: InstanceStateName;
  current: InstanceStateName;
}

function userInitiated(now: number): string {
  return `User initiated (${new Date(now).toISOString().slice(0, 19).replace("T", " ")} GMT)`;
}

function incorrectState(instance: Instance, verb: "started" | "stopped"): AwsError {
  return incorrectInstanceState(instance.id, verb);
}

/** Stopping releases the auto-assigned public IP; an Elastic IP stays. */
/** Stop and termination protection (ModifyInstanceAttribute's disableApiStop / disableApiTermination). */
function protectedFrom(instance: Instance, verb: "stopped" | "terminated", attribute: "disableApiStop" | "disableApiTermination"): AwsError {
  return operationNotPermittedByAttribute(instance.id, verb, attribute);
}

function stopOne(instance: Instance, clock: Clock): void {
  if (instance.state === "stopped" || instance.state === "stopping") return;
  if (instance.state === "shutting-down" || instance.state === "terminated") throw incorrectState(instance, "stopped");
  if (instance.disableApiStop) throw protectedFrom(instance, "stopped", "disableApiStop");
  instance.state = "stopping";
  instance.transitionAt = clock.now + clock.delays.instanceStoppingMs;
  instance.publicIpAddress = undefined;
  instance.stateTransitionReason = userInitiated(clock.now);
  instance.stateReason = { code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown" };
}

function hasElasticIp(state: Ec2State, instanceId: string): boolean {
  return Object.values(state.addresses).some((address) => address.instanceId === instanceId);
}

/** Starting gives a new auto-assigned public IP when the interface asks for one and no Elastic IP is there. */
function startOne(state: Ec2State, instance: Instance, clock: Clock): void {
  if (instance.state === "running" || instance.state === "pending") return;
  if (instance.state !== "stopped") throw incorrectState(instance, "started");
  instance.state = "pending";
  instance.transitionAt = clock.now + clock.delays.instancePendingMs;
  instance.stateTransitionReason = "";
  instance.stateReason = undefined;
  if (instance.associatePublicIp && !hasElasticIp(state, instance.id)) instance.publicIpAddress = allocatePublicIp(state);
}

/** Terminating releases the public IP and disassociates any Elastic IP, as AWS. */
function terminateOne(state: Ec2State, instance: Instance, clock: Clock): void {
  if (instance.state === "terminated" || instance.state === "shutting-down") return;
  if (instance.disableApiTermination) throw protectedFrom(instance, "terminated", "disableApiTermination");
  instance.state = "shutting-down";
  instance.transitionAt = clock.now + clock.delays.instanceShuttingDownMs;
  instance.visibleUntil = instance.transitionAt + clock.delays.terminatedVisibleMs;
  instance.publicIpAddress = undefined;
  instance.stateTransitionReason = userInitiated(clock.now);
  instance.stateReason = { code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown" };
  for (const address of Object.values(state.addresses)) {
    if (address.instanceId === instance.id) clearAssociation(address);
  }
}

function changeStates(state: Ec2State, instanceIds: string[], change: (instance: Instance) => void): StateChange[] {
  return getInstances(state, instanceIds).map((instance) => {
    const previous = instance.state;
    change(instance);
    return { instanceId: instance.id, previous, current: instance.state };
  });
}

export function stopInstances(state: Ec2State, instanceIds: string[], clock: Clock): StateChange[] {
  return changeStates(state, instanceIds, (instance) => stopOne(instance, clock));
}

export function startInstances(state: Ec2State, instanceIds: string[], clock: Clock): StateChange[] {
  return changeStates(state, instanceIds, (instance) => startOne(state, instance, clock));
}

export function terminateInstances(state: Ec2State, instanceIds: string[], clock: Clock): StateChange[] {
  return changeStates(state, instanceIds, (instance) => terminateOne(state, instance, clock));
}

const NEXT_STATE: Partial<Record<InstanceStateName, InstanceStateName>> = {
  pending: "running",
  stopping: "stopped",
  "shutting-down": "terminated",
};

/** Whether advanceInstances has anything to do for the instance at `now`. */
function instanceDue(instance: Instance, now: number): boolean {
  if (NEXT_STATE[instance.state] && now >= (instance.transitionAt ?? 0)) return true;
  return instance.state === "terminated" && now >= (instance.visibleUntil ?? 0);
}

export function instancesDue(state: Ec2State, now: number): boolean {
  return Object.values(state.instances).some((instance) => instanceDue(instance, now));
}

/** Finishes transitions whose time has come and forgets terminated instances past their visibility. */
export function advanceInstances(state: Ec2State, now: number): boolean {
  let changed = false;
  for (const instance of Object.values(state.instances)) {
    if (!instanceDue(instance, now)) continue;
    const next = NEXT_STATE[instance.state];
    if (next && now >= (instance.transitionAt ?? 0)) {
      instance.state = next;
      delete instance.transitionAt;
      changed = true;
    }
    if (instance.state === "terminated" && now >= (instance.visibleUntil ?? 0)) {
      forgetInstance(state, instance);
      changed = true;
    }
  }
  return changed;
}

function forgetInstance(state: Ec2State, instance: Instance): void {
  delete state.instances[instance.id];
  delete state.tags[instance.id];
  delete state.tags[instance.networkInterfaceId];
  delete state.tags[rootVolumeId(instance)];
  const reservationLive = Object.values(state.instances).some((other) => other.reservationId === instance.reservationId);
  if (reservationLive) return;
  for (const [token, record] of Object.entries(state.clientTokens)) {
    if (record.reservationId === instance.reservationId) delete state.clientTokens[token];
  }
}

/** The instance that owns a network interface, or AWS's NotFound for the interface. */
export function instanceOfInterface(state: Ec2State, networkInterfaceId: string): Instance {
  const instance = Object.values(state.instances).find((i) => i.networkInterfaceId === networkInterfaceId && isLive(i));
  if (!instance) throw notFound("networkInterface", networkInterfaceId);
  return instance;
}
