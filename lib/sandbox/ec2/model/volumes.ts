/**
 * The root EBS volume each instance launches with: the image's 8 GiB gp3 snapshot on /dev/xvda,
 * deleted with the instance (DeleteOnTermination). Its id follows from the instance's.
 */
import { isVisible } from "./lookup";
import type { Ec2State, Instance } from "./types";

export const ROOT_DEVICE_NAME = "/dev/xvda";
export const ROOT_VOLUME_SIZE_GIB = 8;

export function rootVolumeId(instance: Instance): string {
  return `vol-${instance.id.slice(2)}`;
}

/** The instances whose root volume still exists (a terminated instance's volume is gone), visible to the caller. */
export function instancesWithVolumes(state: Ec2State): Instance[] {
  return Object.values(state.instances).filter((instance) => instance.state !== "terminated" && isVisible(state.instances, instance.id));
}

export function instanceOfVolume(state: Ec2State, volumeId: string): Instance | undefined {
  return instancesWithVolumes(state).find((instance) => rootVolumeId(instance) === volumeId);
}

export function instanceOfInterfaceId(state: Ec2State, networkInterfaceId: string): Instance | undefined {
  return instancesWithVolumes(state).find((instance) => instance.networkInterfaceId === networkInterfaceId);
}
