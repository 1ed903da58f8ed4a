/** A new account's default VPC: 172.31.0.0/16, a /20 default subnet per zone, an attached internet gateway. */
import { availabilityZones } from "./catalog";
import { attachInternetGateway, createInternetGateway } from "./gateways";
import { createRoute, mainRouteTable } from "./route-tables";
import { createSubnet } from "./subnets";
import { emptyState, type Ec2State } from "./types";
import { createVpc } from "./vpcs";

export const DEFAULT_VPC_CIDR = "172.31.0.0/16";

/** The i-th /20 of 172.31.0.0/16: 172.31.0.0/20, 172.31.16.0/20, ... */
function defaultSubnetCidr(index: number): string {
  return `172.31.${index * 16}.0/20`;
}

export function initialEc2State(region: string): Ec2State {
  const state = emptyState();
  const vpc = createVpc(state, { cidrBlock: DEFAULT_VPC_CIDR, isDefault: true, region });
  availabilityZones(region).forEach((zone, index) => {
    createSubnet(state, { vpcId: vpc.id, cidrBlock: defaultSubnetCidr(index), region, availabilityZone: zone.zoneName, defaultForAz: true });
  });
  const gateway = createInternetGateway(state);
  attachInternetGateway(state, gateway.id, vpc.id);
  createRoute(state, mainRouteTable(state, vpc.id)!.id, "0.0.0.0/0", { kind: "gateway", id: gateway.id });
  return state;
}
