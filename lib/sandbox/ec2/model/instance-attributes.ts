/**
 * Instance attributes (Describe/ModifyInstanceAttribute): the ones a stopped instance is needed
 * for (instanceType, userData, ebsOptimized), the ones that change any time (groupSet,
 * sourceDestCheck, termination and stop protection, shutdown behaviour), as AWS rules them.
 */
import { findImage } from "./catalog";
import { invalidParameterValue, incorrectInstanceStateNotModifiable, incorrectInstanceStateNotStopped, invalidGroupNotFoundInVpc, securityGroupsPerInterfaceLimitExceeded } from "./errors";
import { checkTypeFitsImage } from "./instances";
import { lookup } from "./lookup";
import type { Ec2State, Instance } from "./types";

/** DescribeInstanceAttribute's Attribute values. */
export const INSTANCE_ATTRIBUTES = [
  "instanceType",
  "kernel",
  "ramdisk",
  "userData",
  "disableApiTermination",
  "instanceInitiatedShutdownBehavior",
  "rootDeviceName",
  "blockDeviceMapping",
  "productCodes",
  "sourceDestCheck",
  "groupSet",
  "ebsOptimized",
  "sriovNetSupport",
  "enaSupport",
  "enclaveOptions",
  "disableApiStop",
] as const;

export type InstanceAttributeName = (typeof INSTANCE_ATTRIBUTES)[number];

export function isInstanceAttribute(name: string): name is InstanceAttributeName {
  return (INSTANCE_ATTRIBUTES as readonly string[]).includes(name);
}

/** One change of ModifyInstanceAttribute (AWS changes one attribute per call). */
export type AttributeChange =
  | { attribute: "instanceType"; value: string }
  | { attribute: "userData"; value: string }
  | { attribute: "instanceInitiatedShutdownBehavior"; value: string }
  | { attribute: "sourceDestCheck" | "disableApiTermination" | "disableApiStop" | "ebsOptimized"; value: boolean }
  | { attribute: "groupSet"; value: string[] };

/** AWS's limit on security groups per network interface. */
const MAX_GROUPS_PER_INTERFACE = 5;

function requireStopped(instance: Instance): void {
  if (instance.state !== "stopped") throw incorrectInstanceStateNotStopped(instance.id);
}

function checkGroups(state: Ec2State, instance: Instance, groupIds: string[]): string[] {
  const unique = [...new Set(groupIds)];
  if (unique.length > MAX_GROUPS_PER_INTERFACE) {
    throw securityGroupsPerInterfaceLimitExceeded();
  }
  for (const groupId of unique) {
    const group = lookup(state.securityGroups, "securityGroup", groupId);
    if (group.vpcId !== instance.vpcId) throw invalidGroupNotFoundInVpc(groupId, instance.vpcId);
  }
  return unique;
}

function checkShutdownBehavior(value: string): "stop" | "terminate" {
  if (value !== "stop" && value !== "terminate") {
    throw invalidParameterValue(`Value (${value}) for parameter instanceInitiatedShutdownBehavior is invalid. Expected: 'stop' or 'terminate'.`);
  }
  return value;
}

export function modifyInstanceAttribute(state: Ec2State, instance: Instance, change: AttributeChange): void {
  if (instance.state === "terminated" || instance.state === "shutting-down") {
    throw incorrectInstanceStateNotModifiable(instance.id);
  }
  switch (change.attribute) {
    case "instanceType": {
      requireStopped(instance);
      const image = findImage(instance.imageId);
      if (image) checkTypeFitsImage(change.value, image);
      instance.instanceType = change.value;
      return;
    }
    case "userData":
      requireStopped(instance);
      instance.userData = change.value;
      return;
    case "ebsOptimized":
      requireStopped(instance);
      instance.ebsOptimized = change.value;
      return;
    case "instanceInitiatedShutdownBehavior":
      instance.shutdownBehavior = checkShutdownBehavior(change.value);
      return;
    case "groupSet":
      instance.securityGroupIds = checkGroups(state, instance, change.value);
      return;
    default:
      instance[change.attribute] = change.value;
  }
}
