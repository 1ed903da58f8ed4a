/** Elastic IP addresses: allocated to the account, associated with at most one instance. */
import { AwsError } from "@/lib/sandbox/core/errors";
import { invalidParameterValue } from "./errors";
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
    throw new AwsError("AddressLimitExceeded", "The maximum number of addresses has been reached.");
  }
  const address: Address = { allocationId: newId("eipalloc"), publicIp: allocatePublicIp(state) };
  state.addresses[address.allocationId] = address;
  return address;
}

export function findAddress(state: Ec2State, ref: { allocationId?: string; publicIp?: string }): Address {
  if (ref.allocationId !== undefined) {
    const address = isVisible(state.addresses, ref.allocationId) ? state.addresses[ref.allocationId] : undefined;
    if (!address) throw new AwsError("InvalidAllocationID.NotFound", `The allocation ID '${ref.allocationId}' does not exist`);
    return address;
  }
  const address = Object.values(state.addresses).find((a) => a.publicIp === ref.publicIp);
  if (!address) throw new AwsError("InvalidAddress.NotFound", `Address '${ref.publicIp}' not found.`);
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
    throw new AwsError("IncorrectInstanceState", `The instance '${instance.id}' is not in a valid state for this operation.`);
  }
  if (!gatewayOfVpc(state, instance.vpcId)) {
    throw new AwsError("Gateway.NotAttached", `Network ${instance.vpcId} is not attached to any internet gateway`);
  }
  if (address.instanceId !== undefined && address.instanceId !== instance.id && !allowReassociation) {
    throw new AwsError("Resource.AlreadyAssociated", `resource ${address.allocationId} is already associated with associate-id ${address.associationId}`);
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
      throw new AwsError("InvalidAssociationID.NotFound", `The association ID '${ref.associationId}' does not exist`);
    }
    throw new AwsError("InvalidAddress.NotFound", `Address '${ref.publicIp}' not found.`);
  }
  clearAssociation(address);
}

export function releaseAddress(state: Ec2State, address: Address): void {
  if (address.associationId !== undefined) throw new AwsError("InvalidIPAddress.InUse", `Address ${address.publicIp} is in use.`);
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
