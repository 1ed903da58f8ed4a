/**
 * Gateway VPC endpoints (S3, DynamoDB) and the AWS-managed prefix lists their routes point at.
 *
 * Associating a route table with an endpoint inserts the route "service prefix list -> vpce-…",
 * which only the endpoint can change (route-tables.ts refuses hand edits of CreateVpcEndpoint
 * routes); deleting the endpoint or removing the table takes the route away again.
 */
import { AwsError } from "@/lib/sandbox/core/errors";
import { availabilityZones } from "./catalog";
import { invalidParameterCombination, invalidParameterEndpointType, invalidParameterRouteTableNotOnEndpoint, invalidParameterRouteTableOutsideVpc, invalidParameterValue, invalidServiceName, notFound } from "./errors";
import { validateEndpointPolicy } from "./endpoint-policy";
import { newId } from "./ids";
import { addEndpointRoute, getRouteTable, removeEndpointRoutes } from "./route-tables";
import { forgetTags } from "./tags";
import type { Ec2State } from "./types";
import { isVisible, lookup } from "./lookup";
import { checkVpcQuota } from "./quotas";

/** A gateway service of a region: its name, its fixed AWS-managed prefix list and that list's ranges. */
export interface GatewayService {
  serviceName: string;
  serviceId: string;
  prefixListId: string;
  cidrs: readonly string[];
}

/**
 * us-east-1's gateway services. The prefix list ids are fixed per region in AWS (pl-63a5400a is
 * S3's in us-east-1) and their CIDRs are the service's public ranges from ip-ranges.json.
 */
const GATEWAY_SERVICES: Readonly<Record<string, readonly GatewayService[]>> = {
  "us-east-1": [
    {
      serviceName: "com.amazonaws.us-east-1.s3",
      serviceId: "vpce-svc-06d62d4a5f3c1cd8b",
      prefixListId: "pl-63a5400a",
      cidrs: ["16.15.176.0/20", "16.182.0.0/16", "18.34.0.0/19", "18.34.232.0/21", "3.5.0.0/19", "52.216.0.0/15", "54.231.0.0/16"],
    },
    {
      serviceName: "com.amazonaws.us-east-1.dynamodb",
      serviceId: "vpce-svc-0b8cd5bc3dbba0bd7",
      prefixListId: "pl-02cd2c6b",
      cidrs: ["3.218.180.0/22", "3.218.184.0/22", "52.94.0.0/22", "52.119.224.0/20"],
    },
  ],
};

export function gatewayServices(region: string): readonly GatewayService[] {
  return GATEWAY_SERVICES[region] ?? [];
}

/** The policy every endpoint starts with, and gets back with ResetPolicy: full access. */
export const DEFAULT_ENDPOINT_POLICY = JSON.stringify({
  Version: "2008-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
});

export interface VpcEndpointRecord {
  id: string;
  vpcId: string;
  serviceName: string;
  type: "Gateway";
  policyDocument: string;
  routeTableIds: string[];
  createdAt: number;
  /** Until when it is "pending" (absent: available from the start). */
  availableAt?: number;
  clientToken?: string;
}

/** "pending" until the endpoint's pending time is over, then "available". */
export function endpointState(endpoint: VpcEndpointRecord, now: number): "pending" | "available" {
  return endpoint.availableAt !== undefined && now < endpoint.availableAt ? "pending" : "available";
}

/** Endpoints live beside the other EC2 records in the account's state document. */
type StateWithEndpoints = Ec2State & { vpcEndpoints?: Record<string, VpcEndpointRecord> };

/** The endpoint records of a state (an empty record when none was ever made; not stored until one is). */
export function endpointRecords(state: Ec2State): Record<string, VpcEndpointRecord> {
  return (state as StateWithEndpoints).vpcEndpoints ?? {};
}

function writableEndpoints(state: Ec2State): Record<string, VpcEndpointRecord> {
  const withEndpoints = state as StateWithEndpoints;
  withEndpoints.vpcEndpoints ??= {};
  return withEndpoints.vpcEndpoints;
}

export function endpointNotFound(endpointId: string): AwsError {
  return notFound("vpcEndpoint", endpointId);
}

export function getEndpoint(state: Ec2State, endpointId: string): VpcEndpointRecord {
  const records = endpointRecords(state);
  const record = isVisible(records, endpointId) ? records[endpointId] : undefined;
  if (!record) throw endpointNotFound(endpointId);
  return record;
}

export function vpcHasEndpoints(state: Ec2State, vpcId: string): boolean {
  return Object.values(endpointRecords(state)).some((endpoint) => endpoint.vpcId === vpcId);
}

// ---------------------------------------------------------------- lifecycle

export interface CreateEndpointRequest {
  vpcId: string;
  serviceName: string;
  type?: string;
  policyDocument?: string;
  routeTableIds: string[];
  region: string;
  now: number;
  /** How long the new endpoint stays "pending" (DelaySettings.endpointPendingMs). */
  pendingMs: number;
  clientToken?: string;
}

function gatewayServiceOf(region: string, serviceName: string): GatewayService {
  const service = gatewayServices(region).find((candidate) => candidate.serviceName === serviceName);
  if (!service) throw invalidServiceName(serviceName);
  return service;
}

function checkEndpointType(type: string | undefined): void {
  if (type === undefined || type === "Gateway") return;
  if (type === "Interface" || type === "GatewayLoadBalancer" || type === "Resource" || type === "ServiceNetwork") {
    // A deliberate limit of the sandbox: the labs use gateway endpoints only.
    throw invalidParameterEndpointType(type);
  }
  throw invalidParameterValue(`Value (${type}) for parameter VpcEndpointType is invalid. Valid values: Interface, Gateway, GatewayLoadBalancer, Resource, ServiceNetwork.`);
}

function checkRouteTableInVpc(state: Ec2State, routeTableId: string, vpcId: string): void {
  const table = getRouteTable(state, routeTableId);
  if (table.vpcId !== vpcId) throw invalidParameterRouteTableOutsideVpc(routeTableId, vpcId);
}

function attachRouteTable(state: Ec2State, endpoint: VpcEndpointRecord, service: GatewayService, routeTableId: string): void {
  checkRouteTableInVpc(state, routeTableId, endpoint.vpcId);
  if (endpoint.routeTableIds.includes(routeTableId)) return;
  addEndpointRoute(state, routeTableId, service.prefixListId, endpoint.id);
  endpoint.routeTableIds.push(routeTableId);
}

function detachRouteTable(state: Ec2State, endpoint: VpcEndpointRecord, routeTableId: string): void {
  if (!endpoint.routeTableIds.includes(routeTableId)) {
    getRouteTable(state, routeTableId);
    throw invalidParameterRouteTableNotOnEndpoint(routeTableId, endpoint.id);
  }
  removeEndpointRoutes(state, endpoint.id, routeTableId);
  endpoint.routeTableIds = endpoint.routeTableIds.filter((id) => id !== routeTableId);
}

/** A deleted route table leaves every gateway endpoint it was associated with, as AWS drops the association with the table. */
export function forgetDeletedRouteTable(state: Ec2State, routeTableId: string): void {
  for (const endpoint of Object.values(endpointRecords(state))) {
    if (endpoint.routeTableIds.includes(routeTableId)) endpoint.routeTableIds = endpoint.routeTableIds.filter((id) => id !== routeTableId);
  }
}

/** The endpoint a ClientToken already made, if the same token comes back (CreateVpcEndpoint is idempotent on it). */
function endpointByClientToken(state: Ec2State, clientToken: string | undefined): VpcEndpointRecord | undefined {
  if (clientToken === undefined) return undefined;
  return Object.values(endpointRecords(state)).find((endpoint) => endpoint.clientToken === clientToken);
}

export function createGatewayEndpoint(state: Ec2State, request: CreateEndpointRequest): VpcEndpointRecord {
  const previous = endpointByClientToken(state, request.clientToken);
  if (previous) return previous;
  checkEndpointType(request.type);
  lookup(state.vpcs, "vpc", request.vpcId);
  checkVpcQuota("gatewayEndpointsPerRegion", Object.keys(endpointRecords(state)).length);
  const service = gatewayServiceOf(request.region, request.serviceName);
  const policyDocument = request.policyDocument === undefined ? DEFAULT_ENDPOINT_POLICY : validateEndpointPolicy(request.policyDocument);
  const endpoint: VpcEndpointRecord = {
    id: newId("vpce"),
    vpcId: request.vpcId,
    serviceName: service.serviceName,
    type: "Gateway",
    policyDocument,
    routeTableIds: [],
    createdAt: request.now,
    ...(request.pendingMs > 0 ? { availableAt: request.now + request.pendingMs } : {}),
    clientToken: request.clientToken,
  };
  for (const routeTableId of new Set(request.routeTableIds)) attachRouteTable(state, endpoint, service, routeTableId);
  writableEndpoints(state)[endpoint.id] = endpoint;
  return endpoint;
}

export interface ModifyEndpointRequest {
  policyDocument?: string;
  resetPolicy?: boolean;
  addRouteTableIds: string[];
  removeRouteTableIds: string[];
  region: string;
}

export function modifyEndpoint(state: Ec2State, endpointId: string, request: ModifyEndpointRequest): void {
  const endpoint = getEndpoint(state, endpointId);
  if (request.resetPolicy && request.policyDocument !== undefined) {
    throw invalidParameterCombination("PolicyDocument", "ResetPolicy");
  }
  if (request.policyDocument !== undefined) endpoint.policyDocument = validateEndpointPolicy(request.policyDocument);
  if (request.resetPolicy) endpoint.policyDocument = DEFAULT_ENDPOINT_POLICY;
  const service = gatewayServiceOf(request.region, endpoint.serviceName);
  for (const routeTableId of new Set(request.removeRouteTableIds)) detachRouteTable(state, endpoint, routeTableId);
  for (const routeTableId of new Set(request.addRouteTableIds)) attachRouteTable(state, endpoint, service, routeTableId);
}

export interface UnsuccessfulDelete {
  resourceId: string;
  code: string;
  message: string;
}

/** Deletes what it can; an unknown id is reported per item, as DeleteVpcEndpoints does, not as a failed call. */
export function deleteEndpoints(state: Ec2State, endpointIds: string[]): UnsuccessfulDelete[] {
  const records = writableEndpoints(state);
  const unsuccessful: UnsuccessfulDelete[] = [];
  for (const endpointId of endpointIds) {
    if (!isVisible(records, endpointId)) {
      unsuccessful.push({ resourceId: endpointId, code: "InvalidVpcEndpoint.NotFound", message: `The Vpc Endpoint Id '${endpointId}' does not exist` });
      continue;
    }
    removeEndpointRoutes(state, endpointId);
    delete records[endpointId];
    forgetTags(state, endpointId);
  }
  return unsuccessful;
}

/** The zones a gateway service is offered in: every zone of the region. */
export function serviceZones(region: string): string[] {
  return availabilityZones(region).map((zone) => zone.zoneName);
}
