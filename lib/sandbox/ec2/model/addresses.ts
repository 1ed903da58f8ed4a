/** Elastic IP addresses: allocated to the account, associated with at most one instance. */
import { addressLimitExceeded, gatewayNotAttachedToVpc, incorrectInstanceStateForAddress, invalidAddressNotFound, invalidAssociationIdNotFound, invalidIpAddressInUse, invalidParameterValue, notFound, resourceAlreadyAssociatedAddress } from "./errors";
import { gatewayOfVpc } from "./gateways";
import { newId } from "./ids";
import { allocatePublicIp } from "./public-ips";
import { forgetTags } from "./tags";
import type { Address, Ec2State, Instance } from "./types";
import { isVisible } from "./lookup";

/** AWS's default Elastic IP quota per region. */
export const MAX_ADDRESSES = 5;

export function allocateAddress(state: Ec2State, domain: string | undefined): Address {
  if (domain !== undefined && domain !== "vpc") throw invalidParameterValue(`Invalid value '${domain}' for domain.`);
  if (Object.keys(state.addresses).length >= MAX_ADDRESSES) {
    throw addressLimitExceeded();
  }
  const address: Address = { allocationId: newId("eipalloc"), publicIp: allocatePublicIp(state) };
  state.addresses[address.allocationId] = address;
  return address;
}

export function findAddress(state: Ec2State, ref: { allocationId?: string; publicIp?: string }): Address {
  if (ref.allocationId !== undefined) {
    const address = isVisible(state.addresses, ref.allocationId) ? state.addresses[ref.allocationId] : undefined;
    if (!address) throw notFound("allocation", ref.allocationId);
    return address;
  }
  const address = Object.values(state.addresses).find((a) => a.publicIp === ref.publicIp);
  if (!address) throw invalidAddressNotFound(ref.publicIp);
  return address;
}

export function clearAssociation(address: Address): void {
  delete address.associationId;
  delete address.instanceId;
  delete address.networkInterfaceId;
  delete address.privateIpAddress;
}

function checkAssociable(state: Ec2State, address: Address, instance: Instance, allowReassociation: boolean): void {
  if (instance.state === "terminated" || instance.state === "shutting-down") {
    throw incorrectInstanceStateForAddress(instance.id);
  }
  if (!gatewayOfVpc(state, instance.vpcId)) {
    throw gatewayNotAttachedToVpc(instance.vpcId);
  }
  if (address.instanceId !== undefined && address.instanceId !== instance.id && !allowReassociation) {
    throw resourceAlreadyAssociatedAddress(address.allocationId, address.associationId);
  }
}

/**
 * Associates the address with the instance's primary private IP. It replaces the instance's
 * auto-assigned public IP (which is gone for good) and any other Elastic IP it had.
 */
export function associateAddress(state: Ec2State, address: Address, instance: Instance, allowReassociation: boolean): string {
  checkAssociable(state, address, instance, allowReassociation);
  for (const other of Object.values(state.addresses)) {
    if (other !== address && other.instanceId === instance.id) clearAssociation(other);
  }
  instance.publicIpAddress = undefined;
  address.associationId = newId("eipassoc");
  address.instanceId = instance.id;
  address.networkInterfaceId = instance.networkInterfaceId;
  address.privateIpAddress = instance.privateIpAddress;
  return address.associationId;
}

export function disassociateAddress(state: Ec2State, ref: { associationId?: string; publicIp?: string }): void {
  const address =
    ref.associationId !== undefined
      ? Object.values(state.addresses).find((a) => a.associationId === ref.associationId)
      : Object.values(state.addresses).find((a) => a.publicIp === ref.publicIp && a.associationId !== undefined);
  if (!address) {
    if (ref.associationId !== undefined) {
      throw invalidAssociationIdNotFound(ref.associationId);
    }
    throw invalidAddressNotFound(ref.publicIp);
  }
  clearAssociation(address);
}

export function releaseAddress(state: Ec2State, address: Address): void {
  if (address.associationId !== undefined) throw invalidIpAddressInUse(address.publicIp);
  delete state.addresses[address.allocationId];
  forgetTags(state, address.allocationId);
}

/** The address an instance shows as public: its Elastic IP, else its auto-assigned one. */
export function publicIpOf(state: Ec2State, instance: Instance): string | undefined {
  const elastic = Object.values(state.addresses).find((address) => address.instanceId === instance.id);
  return elastic?.publicIp ?? instance.publicIpAddress;
}

export function elasticIpOf(state: Ec2State, instance: Instance): Address | undefined {
  return Object.values(state.addresses).find((address) => address.instanceId === instance.id);
}
