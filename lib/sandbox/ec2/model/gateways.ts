/** Internet gateways: attached to at most one VPC, and a VPC to at most one gateway. */
import { dependencyViolation, dependencyViolationMappedAddresses, gatewayNotAttached, resourceAlreadyAttached } from "./errors";
import { newId } from "./ids";
import { lookup } from "./lookup";
import { forgetTags } from "./tags";
import type { Ec2State, InternetGateway } from "./types";
import { checkVpcQuota } from "./quotas";

export function getInternetGateway(state: Ec2State, gatewayId: string): InternetGateway {
  return lookup(state.internetGateways, "internetGateway", gatewayId);
}

export function createInternetGateway(state: Ec2State): InternetGateway {
  checkVpcQuota("internetGatewaysPerRegion", Object.keys(state.internetGateways).length);
  const gateway: InternetGateway = { id: newId("igw"), attachedVpcId: null };
  state.internetGateways[gateway.id] = gateway;
  return gateway;
}

export function gatewayOfVpc(state: Ec2State, vpcId: string): InternetGateway | undefined {
  return Object.values(state.internetGateways).find((gateway) => gateway.attachedVpcId === vpcId);
}

export function attachInternetGateway(state: Ec2State, gatewayId: string, vpcId: string): void {
  const gateway = getInternetGateway(state, gatewayId);
  lookup(state.vpcs, "vpc", vpcId);
  if (gateway.attachedVpcId !== null) {
    throw resourceAlreadyAttached(gatewayId, gateway.attachedVpcId);
  }
  const other = gatewayOfVpc(state, vpcId);
  if (other) {
    throw resourceAlreadyAttached(vpcId, other.id);
  }
  gateway.attachedVpcId = vpcId;
}

/** Public addresses (auto-assigned or Elastic) mapped to instances of the VPC. */
function vpcHasMappedPublicAddresses(state: Ec2State, vpcId: string): boolean {
  const instances = Object.values(state.instances).filter((i) => i.vpcId === vpcId && i.state !== "terminated");
  const instanceIds = new Set(instances.map((i) => i.id));
  return (
    instances.some((instance) => instance.publicIpAddress !== undefined) ||
    Object.values(state.addresses).some((address) => address.instanceId !== undefined && instanceIds.has(address.instanceId))
  );
}

export function detachInternetGateway(state: Ec2State, gatewayId: string, vpcId: string): void {
  const gateway = getInternetGateway(state, gatewayId);
  lookup(state.vpcs, "vpc", vpcId);
  if (gateway.attachedVpcId !== vpcId) {
    throw gatewayNotAttached(gatewayId, vpcId);
  }
  if (vpcHasMappedPublicAddresses(state, vpcId)) {
    throw dependencyViolationMappedAddresses(vpcId);
  }
  gateway.attachedVpcId = null;
}

export function deleteInternetGateway(state: Ec2State, gatewayId: string): void {
  const gateway = getInternetGateway(state, gatewayId);
  if (gateway.attachedVpcId !== null) throw dependencyViolation("internetGateway", gatewayId);
  delete state.internetGateways[gatewayId];
  forgetTags(state, gatewayId);
}
