/**
 * Invariants of the stored sandbox state: nothing refers to a resource that does not exist (as AWS
 * guarantees by refusing the delete with DependencyViolation, or by removing the reference with the
 * resource). The one dangling reference AWS keeps is a route whose target is gone: it stays as a
 * blackhole route (internet gateway, peering connection, instance), so those are not failures;
 * endpoint routes go with their endpoint, so those are.
 */
import { queryRows } from "@/lib/db/client";
import { storedState } from "@/lib/sandbox/core/state-store";
import { endpointRecords } from "@/lib/sandbox/ec2/model/endpoints";
import { ec2ResourceCollections } from "@/lib/sandbox/ec2/service";
import type { Ec2State, RouteTable } from "@/lib/sandbox/ec2/model/types";
import { managedPolicy } from "@/lib/sandbox/iam/model/managed-policies";
import type { IamState } from "@/lib/sandbox/iam/model/types";

export interface InvariantFailure {
  accountId: string;
  /** The state document: "ec2:us-east-1", "iam", "access keys"… */
  document: string;
  problem: string;
}

type Report = (problem: string) => void;

const LIVE_PEERING = new Set(["initiating-request", "pending-acceptance", "provisioning", "active"]);

function checkSubnetsAndGateways(state: Ec2State, report: Report): void {
  for (const subnet of Object.values(state.subnets)) {
    if (!state.vpcs[subnet.vpcId]) report(`subnet ${subnet.id} is in missing VPC ${subnet.vpcId}`);
  }
  for (const igw of Object.values(state.internetGateways)) {
    if (igw.attachedVpcId && !state.vpcs[igw.attachedVpcId]) report(`${igw.id} is attached to missing VPC ${igw.attachedVpcId}`);
  }
}

function checkRoutes(state: Ec2State, table: RouteTable, report: Report): void {
  const endpoints = endpointRecords(state);
  for (const route of table.routes) {
    const target = route.gatewayId;
    if (!target?.startsWith("vpce-")) continue;
    const endpoint = endpoints[target];
    if (!endpoint) report(`${table.id} routes to missing endpoint ${target}`);
    else if (!endpoint.routeTableIds.includes(table.id)) report(`${table.id} routes to ${target}, which does not list the table`);
  }
}

function checkRouteTables(state: Ec2State, report: Report): void {
  const associatedSubnets = new Map<string, string>();
  const mainTables = new Map<string, string[]>();
  for (const table of Object.values(state.routeTables)) {
    if (!state.vpcs[table.vpcId]) report(`${table.id} is in missing VPC ${table.vpcId}`);
    checkRoutes(state, table, report);
    for (const association of table.associations) {
      if (association.main) mainTables.set(table.vpcId, [...(mainTables.get(table.vpcId) ?? []), table.id]);
      if (!association.subnetId) continue;
      const subnet = state.subnets[association.subnetId];
      if (!subnet) report(`${association.id} associates ${table.id} with missing subnet ${association.subnetId}`);
      else if (subnet.vpcId !== table.vpcId) report(`${association.id} associates ${table.id} with ${subnet.id} of another VPC`);
      const earlier = associatedSubnets.get(association.subnetId);
      if (earlier) report(`${association.subnetId} is explicitly associated with both ${earlier} and ${table.id}`);
      associatedSubnets.set(association.subnetId, table.id);
    }
  }
  for (const vpc of Object.values(state.vpcs)) {
    const mains = mainTables.get(vpc.id) ?? [];
    if (mains.length !== 1) report(`${vpc.id} has ${mains.length} main route tables`);
  }
}

function checkNetworkAcls(state: Ec2State, report: Report): void {
  const aclOfSubnet = new Map<string, string>();
  for (const acl of Object.values(state.networkAcls)) {
    if (!state.vpcs[acl.vpcId]) report(`${acl.id} is in missing VPC ${acl.vpcId}`);
    for (const association of acl.associations) {
      const subnet = state.subnets[association.subnetId];
      if (!subnet) report(`${association.id} associates ${acl.id} with missing subnet ${association.subnetId}`);
      else if (subnet.vpcId !== acl.vpcId) report(`${association.id} associates ${acl.id} with ${subnet.id} of another VPC`);
      const earlier = aclOfSubnet.get(association.subnetId);
      if (earlier) report(`${association.subnetId} is associated with both ${earlier} and ${acl.id}`);
      aclOfSubnet.set(association.subnetId, acl.id);
    }
  }
  for (const subnet of Object.values(state.subnets)) {
    if (!aclOfSubnet.has(subnet.id)) report(`${subnet.id} has no network ACL`);
  }
}

function checkSecurityGroups(state: Ec2State, report: Report): void {
  for (const group of Object.values(state.securityGroups)) {
    if (!state.vpcs[group.vpcId]) report(`${group.id} is in missing VPC ${group.vpcId}`);
    for (const rule of group.rules) {
      if (rule.referencedGroupId && !state.securityGroups[rule.referencedGroupId]) report(`${group.id} rule ${rule.id} references missing group ${rule.referencedGroupId}`);
    }
  }
}

function checkInstancesAndAddresses(state: Ec2State, report: Report): void {
  for (const instance of Object.values(state.instances)) {
    if (instance.state === "terminated") continue;
    const subnet = state.subnets[instance.subnetId];
    if (!subnet) report(`${instance.id} (${instance.state}) is in missing subnet ${instance.subnetId}`);
    else if (subnet.vpcId !== instance.vpcId) report(`${instance.id} says VPC ${instance.vpcId} but its subnet is in ${subnet.vpcId}`);
    for (const groupId of instance.securityGroupIds) {
      const group = state.securityGroups[groupId];
      if (!group) report(`${instance.id} uses missing security group ${groupId}`);
      else if (group.vpcId !== instance.vpcId) report(`${instance.id} uses ${groupId} of another VPC`);
    }
  }
  for (const address of Object.values(state.addresses)) {
    if (!address.instanceId) continue;
    const instance = state.instances[address.instanceId];
    if (!instance || instance.state === "terminated") report(`${address.allocationId} is associated with missing instance ${address.instanceId}`);
  }
}

function checkPeeringAndEndpoints(accountId: string, region: string, state: Ec2State, report: Report): void {
  for (const pcx of Object.values(state.peeringConnections)) {
    if (!LIVE_PEERING.has(pcx.status)) continue;
    for (const side of [pcx.requester, pcx.accepter]) {
      if (side.ownerId === accountId && side.region === region && !state.vpcs[side.vpcId]) report(`${pcx.id} (${pcx.status}) joins missing VPC ${side.vpcId}`);
    }
  }
  for (const endpoint of Object.values(endpointRecords(state))) {
    if (!state.vpcs[endpoint.vpcId]) report(`${endpoint.id} is in missing VPC ${endpoint.vpcId}`);
    for (const tableId of endpoint.routeTableIds) {
      const table = state.routeTables[tableId];
      if (!table) report(`${endpoint.id} lists missing route table ${tableId}`);
      else if (table.vpcId !== endpoint.vpcId) report(`${endpoint.id} lists ${tableId} of another VPC`);
      else if (!table.routes.some((route) => route.gatewayId === endpoint.id)) report(`${endpoint.id} lists ${tableId}, which has no route to it`);
    }
  }
}

const TAGGED_PREFIXES = /^(vpc|subnet|igw|rtb|sg|acl|i|pcx|eipalloc|vpce|dopt)-/;

function checkTags(state: Ec2State, report: Report): void {
  const collections = ec2ResourceCollections(state);
  for (const resourceId of Object.keys(state.tags)) {
    if (!TAGGED_PREFIXES.test(resourceId)) continue;
    if (!collections.some((records) => Object.hasOwn(records, resourceId))) report(`tags remain for missing resource ${resourceId}`);
  }
}

/** Every reference in one account's EC2 state of one region. */
export function ec2StateProblems(accountId: string, region: string, state: Ec2State): string[] {
  const problems: string[] = [];
  const report: Report = (problem) => problems.push(problem);
  checkSubnetsAndGateways(state, report);
  checkRouteTables(state, report);
  checkNetworkAcls(state, report);
  checkSecurityGroups(state, report);
  checkInstancesAndAddresses(state, report);
  checkPeeringAndEndpoints(accountId, region, state, report);
  checkTags(state, report);
  return problems;
}

function duplicates(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

/** IAM: unique user and role names (IAM compares them without case), attached policies, group members and profile roles that exist. */
export function iamStateProblems(state: IamState): string[] {
  const problems: string[] = [];
  const roles = state.roles ?? [];
  for (const name of duplicates(state.users.map((user) => user.userName))) problems.push(`two users named ${name}`);
  for (const name of duplicates(roles.map((role) => role.roleName))) problems.push(`two roles named ${name}`);
  for (const holder of [...state.users.map((user) => ({ name: user.userName, arns: user.attachedPolicyArns })), ...roles.map((role) => ({ name: role.roleName, arns: role.attachedPolicyArns }))]) {
    for (const arn of holder.arns) if (!managedPolicy(arn)) problems.push(`${holder.name} has missing policy ${arn} attached`);
  }
  for (const group of state.groups ?? []) {
    for (const member of group.userNames) if (!state.users.some((user) => user.userName === member)) problems.push(`group ${group.groupName} has missing member ${member}`);
  }
  for (const profile of state.instanceProfiles ?? []) {
    for (const roleName of profile.roleNames) if (!roles.some((role) => role.roleName === roleName)) problems.push(`instance profile ${profile.instanceProfileName} holds missing role ${roleName}`);
  }
  return problems;
}

interface StateRow {
  account_id: string;
  service: string;
}

/** Access keys belong to users that exist (a key whose user is gone would still sign). */
async function accessKeyProblems(iamByAccount: Map<string, IamState>, accountIds: readonly string[]): Promise<InvariantFailure[]> {
  const rows = await queryRows<{ account_id: string; user_name: string | null; access_key_id: string }>(
    "select account_id, user_name, access_key_id from sandbox_access_keys where account_id = any($1)",
    [accountIds],
  );
  const failures: InvariantFailure[] = [];
  for (const row of rows) {
    const iam = iamByAccount.get(row.account_id);
    if (!iam || row.user_name === null) continue;
    if (!iam.users.some((user) => user.userName === row.user_name)) {
      failures.push({ accountId: row.account_id, document: "access keys", problem: `${row.access_key_id} belongs to missing user ${row.user_name}` });
    }
  }
  return failures;
}

/** Every stored state document of the given accounts, checked. */
export async function checkInvariants(accountIds: readonly string[]): Promise<InvariantFailure[]> {
  const rows = await queryRows<StateRow>("select account_id, service from sandbox_state where account_id = any($1) order by account_id, service", [accountIds]);
  const failures: InvariantFailure[] = [];
  const iamByAccount = new Map<string, IamState>();
  for (const row of rows) {
    const document = (await storedState(row.account_id, row.service))?.state;
    const [service, region] = row.service.split(":");
    const problems =
      service === "ec2" ? ec2StateProblems(row.account_id, region, document as Ec2State) : service === "iam" ? iamStateProblems(document as IamState) : [];
    if (service === "iam") iamByAccount.set(row.account_id, document as IamState);
    for (const problem of problems) failures.push({ accountId: row.account_id, document: row.service, problem });
  }
  failures.push(...(await accessKeyProblems(iamByAccount, accountIds)));
  return failures;
}
