/** EC2's error codes and messages, worded as AWS words them. */
import { AwsError } from "@/lib/sandbox/core/errors";
import type { QuotaName } from "@/lib/sandbox/ec2/model/vpc-quotas";

interface IdKind {
  prefix: string;
  /** The code family: `${family}.NotFound`, `${family}.Malformed`. */
  family: string;
  /** How AWS names the id in "The vpc ID 'vpc-1' does not exist". */
  noun: string;
  malformedFamily?: string;
}

export const ID_KINDS = {
  vpc: { prefix: "vpc", family: "InvalidVpcID", noun: "vpc ID" },
  subnet: { prefix: "subnet", family: "InvalidSubnetID", noun: "subnet ID" },
  internetGateway: { prefix: "igw", family: "InvalidInternetGatewayID", noun: "internetGateway ID" },
  routeTable: { prefix: "rtb", family: "InvalidRouteTableID", noun: "routeTable ID" },
  peering: { prefix: "pcx", family: "InvalidVpcPeeringConnectionID", noun: "vpcPeeringConnection ID" },
  securityGroup: { prefix: "sg", family: "InvalidGroup", noun: "security group", malformedFamily: "InvalidGroupId" },
  securityGroupRule: { prefix: "sgr", family: "InvalidSecurityGroupRuleId", noun: "security group rule ID" },
  networkAcl: { prefix: "acl", family: "InvalidNetworkAclID", noun: "networkAcl ID" },
  instance: { prefix: "i", family: "InvalidInstanceID", noun: "instance ID" },
  allocation: { prefix: "eipalloc", family: "InvalidAllocationID", noun: "allocation ID" },
  image: { prefix: "ami", family: "InvalidAMIID", noun: "image id" },
  vpcEndpoint: { prefix: "vpce", family: "InvalidVpcEndpointId", noun: "VpcEndpoint ID" },
  networkInterface: { prefix: "eni", family: "InvalidNetworkInterfaceID", noun: "networkInterface ID" },
  volume: { prefix: "vol", family: "InvalidVolume", noun: "volume", malformedFamily: "InvalidVolumeID" },
  dhcpOptions: { prefix: "dopt", family: "InvalidDhcpOptionID", noun: "dhcpOption ID" },
} satisfies Record<string, IdKind>;

export type IdKindName = keyof typeof ID_KINDS;

export function isWellFormedId(kind: IdKindName, id: string): boolean {
  return new RegExp(`^${ID_KINDS[kind].prefix}-[0-9a-f]+$`).test(id);
}

export function malformedId(kind: IdKindName, id: string): AwsError {
  const { family, malformedFamily, prefix } = ID_KINDS[kind] as IdKind;
  // AWS adds the expected shape only for a few families.
  const expecting = kind === "image" || kind === "securityGroup" || kind === "volume" ? ` (expecting "${prefix}-...")` : "";
  return new AwsError(`${malformedFamily ?? family}.Malformed`, `Invalid id: "${id}"${expecting}`);
}

export function notFound(kind: IdKindName, id: string): AwsError {
  const { family, noun } = ID_KINDS[kind];
  if (kind === "image") return new AwsError(`${family}.NotFound`, `The image id '[${id}]' does not exist`);
  if (kind === "volume") return new AwsError(`${family}.NotFound`, `The volume '${id}' does not exist.`);
  return new AwsError(`${family}.NotFound`, `The ${noun} '${id}' does not exist`);
}

/** NotFound for several ids at once, as DescribeInstances words it. */
export function instancesNotFound(ids: string[]): AwsError {
  if (ids.length === 1) return notFound("instance", ids[0]);
  return new AwsError("InvalidInstanceID.NotFound", `The instance IDs '${ids.join(", ")}' do not exist`);
}

/** Malformed when the id does not look like one of its kind, else NotFound. */
export function missingResource(kind: IdKindName, id: string): AwsError {
  return isWellFormedId(kind, id) ? notFound(kind, id) : malformedId(kind, id);
}

export function missingParameter(name: string): AwsError {
  return new AwsError("MissingParameter", `The request must contain the parameter ${name}`);
}

export function invalidParameterValue(message: string): AwsError {
  return new AwsError("InvalidParameterValue", message);
}

export function invalidParameter(message: string): AwsError {
  return new AwsError("InvalidParameter", message);
}

/** "The vpc 'vpc-1' has dependencies and cannot be deleted." */
export function dependencyViolation(noun: string, id: string): AwsError {
  return new AwsError("DependencyViolation", `The ${noun} '${id}' has dependencies and cannot be deleted.`);
}

export function dryRunSucceeded(): AwsError {
  return new AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
}

export function addressLimitExceeded(): AwsError {
  return new AwsError("AddressLimitExceeded", "The maximum number of addresses has been reached.");
}

export function cannotDelete(groupId: string): AwsError {
  return new AwsError("CannotDelete", `the specified group: "${groupId}" name: "default" cannot be deleted by a user`);
}

export function cidrConflictWithRoute(cidr: string): AwsError {
  return new AwsError("CidrConflict", `The CIDR '${cidr}' conflicts with a route destination in one of the VPC's route tables.`);
}

export function cidrConflictWithVpcBlock(cidr: string): AwsError {
  return new AwsError("CidrConflict", `The CIDR '${cidr}' conflicts with another CIDR block of the VPC.`);
}

export function cidrLimitExceeded(vpcId: string, limit: number): AwsError {
  return new AwsError("CidrLimitExceeded", `This network '${vpcId}' has met its maximum number of allowed CIDRs: ${limit}`);
}

export function dependencyViolationCidrBlock(cidr: string): AwsError {
  return new AwsError("DependencyViolation", `The vpc CIDR block '${cidr}' has dependencies and cannot be disassociated.`);
}

export function dependencyViolationMappedAddresses(vpcId: string): AwsError {
  return new AwsError(
    "DependencyViolation",
    `Network ${vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
  );
}

export function dependencyViolationReferencedGroup(groupId: string): AwsError {
  return new AwsError("DependencyViolation", `resource ${groupId} has a dependent object`);
}

export function filterLimitExceeded(maxFilterValues: number): AwsError {
  return new AwsError("FilterLimitExceeded", `The maximum number of filter values specified on a single call is ${maxFilterValues}`);
}

export function gatewayNotAttached(gatewayId: string, vpcId: string): AwsError {
  return new AwsError("Gateway.NotAttached", `resource ${gatewayId} is not attached to network ${vpcId}`);
}

export function gatewayNotAttachedToVpc(vpcId: string): AwsError {
  return new AwsError("Gateway.NotAttached", `Network ${vpcId} is not attached to any internet gateway`);
}

export function idempotentParameterMismatch(): AwsError {
  return new AwsError("IdempotentParameterMismatch", "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).");
}

export function incorrectInstanceState(instanceId: string, verb: string): AwsError {
  return new AwsError("IncorrectInstanceState", `The instance '${instanceId}' is not in a state from which it can be ${verb}.`);
}

export function incorrectInstanceStateForAddress(instanceId: string): AwsError {
  return new AwsError("IncorrectInstanceState", `The instance '${instanceId}' is not in a valid state for this operation.`);
}

export function incorrectInstanceStateNotModifiable(instanceId: string): AwsError {
  return new AwsError("IncorrectInstanceState", `The instance '${instanceId}' is not in a state from which it can be modified.`);
}

export function incorrectInstanceStateNotStopped(instanceId: string): AwsError {
  return new AwsError("IncorrectInstanceState", `The instance '${instanceId}' is not in the 'stopped' state.`);
}

export function incorrectState(instanceId: string): AwsError {
  return new AwsError("IncorrectState", `There is an existing association for instance ${instanceId}`);
}

export function instanceLimitExceeded(requested: number, limit: number): AwsError {
  return new AwsError(
    "InstanceLimitExceeded",
    `You have requested more instances (${requested}) than your current instance limit of ${limit} allows for the specified instance type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
  );
}

export function insufficientFreeAddressesInSubnet(subnetId: string): AwsError {
  return new AwsError(
    "InsufficientFreeAddressesInSubnet",
    `There are not enough free addresses in subnet '${subnetId}' to satisfy the requested number of instances.`,
  );
}

export function invalidAddressNotFound(publicIp: string | undefined): AwsError {
  return new AwsError("InvalidAddress.NotFound", `Address '${publicIp}' not found.`);
}

export function invalidAssociationIdNotFound(associationId: string): AwsError {
  return new AwsError("InvalidAssociationID.NotFound", `The association ID '${associationId}' does not exist`);
}

export function invalidAssociationIdNotFoundForProfile(associationId: string): AwsError {
  return new AwsError("InvalidAssociationID.NotFound", `An association with ID ${associationId} does not exist.`);
}

export function invalidGatewayIdNotFound(gatewayId: string): AwsError {
  return new AwsError("InvalidGatewayID.NotFound", `The gateway ID '${gatewayId}' does not exist`);
}

export function invalidGroupDuplicate(name: string, vpcId: string): AwsError {
  return new AwsError("InvalidGroup.Duplicate", `The security group '${name}' already exists for VPC '${vpcId}'`);
}

export function invalidGroupNotFoundInDefaultVpc(name: string, vpcId: string): AwsError {
  return new AwsError("InvalidGroup.NotFound", `The security group '${name}' does not exist in default VPC '${vpcId}'`);
}

export function invalidGroupNotFoundInVpc(groupId: string, vpcId: string): AwsError {
  return new AwsError("InvalidGroup.NotFound", `The security group '${groupId}' does not exist in VPC '${vpcId}'`);
}

export function invalidGroupReserved(): AwsError {
  return new AwsError("InvalidGroup.Reserved", "The security group 'default' is reserved");
}

export function invalidId(resourceId: string): AwsError {
  return new AwsError("InvalidID", `The ID '${resourceId}' is not valid`);
}

export function invalidInstanceType(unknownTypes: string[]): AwsError {
  return new AwsError("InvalidInstanceType", `The following supplied instance types do not exist: [${unknownTypes.join(", ")}]`);
}

export function invalidIpAddressInUse(publicIp: string): AwsError {
  return new AwsError("InvalidIPAddress.InUse", `Address ${publicIp} is in use.`);
}

export function invalidKeyPairIdNotFound(keyPairId: string): AwsError {
  return new AwsError("InvalidKeyPair.NotFound", `The key pair ID '${keyPairId}' does not exist`);
}

export function invalidKeyPairNotFound(keyName: string): AwsError {
  return new AwsError("InvalidKeyPair.NotFound", `The key pair '${keyName}' does not exist`);
}

export function invalidNatGatewayIdNotFound(id: string): AwsError {
  return new AwsError("InvalidNatGatewayID.NotFound", `The natGateway ID '${id}' does not exist`);
}

export function invalidNetworkAclEntryNotFound(ruleNumber: number, direction: string, aclId: string): AwsError {
  return new AwsError("InvalidNetworkAclEntry.NotFound", `The network acl entry identified by ${ruleNumber} (${direction}) does not exist in ${aclId}.`);
}

export function invalidNextToken(token: string): AwsError {
  return new AwsError("InvalidNextToken", `The token '${token}' is invalid`);
}

export function invalidParameterCombination(first: string, second: string): AwsError {
  return new AwsError("InvalidParameterCombination", `The parameter ${first} cannot be used with the parameter ${second}`);
}

export function invalidParameterCombinationInterfacesAndGroups(): AwsError {
  return new AwsError("InvalidParameterCombination", "Network interfaces and an instance-level security groups may not be specified on the same request");
}

export function invalidParameterCombinationInterfacesAndSubnet(): AwsError {
  return new AwsError("InvalidParameterCombination", "Network interfaces and an instance-level subnet ID may not be specified on the same request");
}

export function invalidParameterCombinationPrivateIpForMany(): AwsError {
  return new AwsError("InvalidParameterCombination", "Cannot specify a private IP address when launching more than one instance.");
}

export function invalidParameterEndpointType(type: string): AwsError {
  return new AwsError("InvalidParameter", `The sandbox supports only Gateway VPC endpoints; VpcEndpointType ${type} is not available.`);
}

export function invalidParameterRouteTableNotOnEndpoint(routeTableId: string, endpointId: string): AwsError {
  return new AwsError("InvalidParameter", `Route table ${routeTableId} is not associated with VPC endpoint ${endpointId}.`);
}

export function invalidParameterRouteTableOutsideVpc(routeTableId: string, vpcId: string): AwsError {
  return new AwsError("InvalidParameter", `Route table ${routeTableId} does not belong to VPC ${vpcId}.`);
}

export function invalidParameterValuePrivateIpNotOnInstance(privateIp: string, instanceId: string): AwsError {
  return new AwsError("InvalidParameterValue", `The private IP address ${privateIp} is not associated with the instance ${instanceId}.`);
}

export function invalidParameterValueSubnetHasIpv6(subnetId: string): AwsError {
  return new AwsError("InvalidParameterValue", `The subnet '${subnetId}' already has an IPv6 CIDR block associated.`);
}

export function invalidPermissionDuplicate(rule: string): AwsError {
  return new AwsError("InvalidPermission.Duplicate", `the specified rule "${rule}" already exists`);
}

export function invalidPermissionNotFound(): AwsError {
  return new AwsError("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
}

function invalidPolicyDocument(detail: string): AwsError {
  return new AwsError("InvalidPolicyDocument", `The Policy Document is not valid. ${detail}`);
}

export function invalidPolicyDocumentTooLarge(maxChars: number): AwsError {
  return invalidPolicyDocument(`Policy document exceeds the maximum size of ${maxChars} characters`);
}

/** "Syntax error at position (3,5)": line and column, 1-based, of where the JSON goes wrong. */
export function invalidPolicyDocumentSyntax(line: number, column: number): AwsError {
  return invalidPolicyDocument(`Syntax error at position (${line},${column})`);
}

export function invalidPolicyDocumentNotObject(): AwsError {
  return invalidPolicyDocument("The policy must be a JSON object");
}

export function invalidPolicyDocumentVersion(version: unknown): AwsError {
  return invalidPolicyDocument(`Invalid Version ${String(version)}`);
}

/** "Missing required field Statement" (or Action). */
export function invalidPolicyDocumentMissingField(field: string): AwsError {
  return invalidPolicyDocument(`Missing required field ${field}`);
}

export function invalidPolicyDocumentStatementNotObject(): AwsError {
  return invalidPolicyDocument("Statement must be an object or a list of objects");
}

export function invalidPolicyDocumentUnsupportedField(field: string): AwsError {
  return invalidPolicyDocument(`Unsupported field ${field} in Statement`);
}

export function invalidPolicyDocumentEffect(): AwsError {
  return invalidPolicyDocument("Effect must be Allow or Deny");
}

/** Action, NotAction, Resource or NotResource that is not a string or a non-empty list of strings. */
export function invalidPolicyDocumentNotStrings(field: string): AwsError {
  return invalidPolicyDocument(`${field} must be a string or a list of strings`);
}

export function invalidPolicyDocumentCondition(): AwsError {
  return invalidPolicyDocument("Condition must be an object");
}

export function invalidPrefixListIdNotFound(prefixListId: string): AwsError {
  return new AwsError("InvalidPrefixListID.NotFound", `The prefix list ID '${prefixListId}' does not exist`);
}

export function invalidRouteNotFound(key: string, routeTableId: string): AwsError {
  return new AwsError("InvalidRoute.NotFound", `no route with destination-cidr-block ${key} in route table ${routeTableId}`);
}

export function invalidServiceName(unknown: string): AwsError {
  return new AwsError("InvalidServiceName", `The Vpc Endpoint Service '${unknown}' does not exist`);
}

export function invalidStateTransition(pcxId: string, status: string, to: string): AwsError {
  return new AwsError("InvalidStateTransition", `Invalid state transition for ${pcxId}, attempted to transition from ${status} to ${to}`);
}

export function invalidSubnetCidrBlockAssociationIdNotFound(associationId: string): AwsError {
  return new AwsError("InvalidSubnetCidrBlockAssociationID.NotFound", `The subnet CIDR block with association ID '${associationId}' does not exist`);
}

export function invalidSubnetConflict(cidr: string): AwsError {
  return new AwsError("InvalidSubnet.Conflict", `The CIDR '${cidr}' conflicts with another subnet`);
}

export function invalidSubnetRange(cidr: string): AwsError {
  return new AwsError("InvalidSubnet.Range", `The CIDR '${cidr}' is invalid.`);
}

export function invalidSubnetRangeIpv6(cidr: string): AwsError {
  return new AwsError("InvalidSubnet.Range", `The IPv6 CIDR '${cidr}' is invalid.`);
}

export function invalidVpcCidrBlockAssociationIdNotFound(associationId: string): AwsError {
  return new AwsError("InvalidVpcCidrBlockAssociationID.NotFound", `The vpc CIDR block association ID '${associationId}' does not exist`);
}

export function invalidVpcRange(cidr: string): AwsError {
  return new AwsError("InvalidVpc.Range", `The CIDR '${cidr}' is invalid.`);
}

export function invalidVpcRangeRestricted(cidr: string): AwsError {
  return new AwsError(
    "InvalidVpc.Range",
    `The CIDR '${cidr}' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR. ` +
      "For additional restrictions, see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
  );
}

export function networkAclEntryAlreadyExists(ruleNumber: number): AwsError {
  return new AwsError("NetworkAclEntryAlreadyExists", `The network acl entry identified by ${ruleNumber} already exists.`);
}

export function operationNotPermittedByAttribute(instanceId: string, verb: string, attribute: string): AwsError {
  return new AwsError("OperationNotPermitted", `The instance '${instanceId}' may not be ${verb}. Modify its '${attribute}' instance attribute and try again.`);
}

export function operationNotPermittedInactivePeering(pcxId: string): AwsError {
  return new AwsError("OperationNotPermitted", `Peering ${pcxId} is not active. Peering options can be added only to active peerings.`);
}

export function operationNotPermittedPrimaryCidr(associationId: string): AwsError {
  return new AwsError(
    "OperationNotPermitted",
    `The vpc CIDR block with association ID ${associationId} may not be disassociated. It is the primary IPv4 CIDR block of the VPC`,
  );
}

export function resourceAlreadyAssociatedAddress(allocationId: string, associationId: string | undefined): AwsError {
  return new AwsError("Resource.AlreadyAssociated", `resource ${allocationId} is already associated with associate-id ${associationId}`);
}

export function resourceAlreadyAssociatedSubnet(existingId: string): AwsError {
  return new AwsError("Resource.AlreadyAssociated", `the specified association for route table ${existingId} conflicts with an existing association`);
}

export function resourceAlreadyAttached(gatewayId: string, attachedVpcId: string): AwsError {
  return new AwsError("Resource.AlreadyAssociated", `resource ${gatewayId} is already attached to network ${attachedVpcId}`);
}

export function routeAlreadyExists(destination: string): AwsError {
  return new AwsError("RouteAlreadyExists", `The route identified by ${destination} already exists.`);
}

export function routeNotSupported(gatewayId: string): AwsError {
  return new AwsError(
    "RouteNotSupported",
    `Route table contains unsupported route target: ${gatewayId}. VPC Endpoints of this type cannot be used as route targets.`,
  );
}

export function securityGroupsPerInterfaceLimitExceeded(): AwsError {
  return new AwsError("SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached.");
}

export function tagLimitExceeded(): AwsError {
  return new AwsError("TagLimitExceeded", `The maximum number of Tags for a resource has been reached.`);
}

export function unknownParameter(name: string): AwsError {
  return new AwsError("UnknownParameter", `The parameter ${name} is not recognized`);
}

export function unsupportedOperationFixedAttribute(fixed: string, instanceId: string): AwsError {
  return new AwsError("UnsupportedOperation", `The '${fixed}' attribute of instance '${instanceId}' cannot be modified.`);
}

export function unsupportedOperationInRegion(): AwsError {
  return new AwsError("UnsupportedOperation", "The functionality you requested is not available in this region.");
}

export function vpcIdNotSpecified(): AwsError {
  return new AwsError("VPCIdNotSpecified", "No default VPC for this user");
}

export function vpcPeeringConnectionAlreadyExists(a: string, b: string, existingId: string): AwsError {
  return new AwsError("VpcPeeringConnectionAlreadyExists", `A VPC peering connection already exists between ${a} and ${b}: ${existingId}`);
}

/** Each Amazon VPC quota's own code and message (docs/limits.md). */
const QUOTA_ERRORS: Record<QuotaName, { code: string; message: string }> = {
  vpcsPerRegion: { code: "VpcLimitExceeded", message: "The maximum number of VPCs has been reached." },
  internetGatewaysPerRegion: { code: "InternetGatewayLimitExceeded", message: "The maximum number of internet gateways has been reached." },
  subnetsPerVpc: { code: "SubnetLimitExceeded", message: "The maximum number of subnets has been reached." },
  routeTablesPerVpc: { code: "RouteTableLimitExceeded", message: "The maximum number of route tables has been reached." },
  routesPerRouteTable: { code: "RouteLimitExceeded", message: "The maximum number of routes has been reached." },
  networkAclsPerVpc: { code: "NetworkAclLimitExceeded", message: "The maximum number of network ACLs has been reached." },
  networkAclRulesPerDirection: { code: "NetworkAclEntryLimitExceeded", message: "The maximum number of network ACL entries has been reached." },
  securityGroupsPerVpc: { code: "SecurityGroupLimitExceeded", message: "The maximum number of security groups has been reached." },
  rulesPerSecurityGroupDirection: { code: "RulesPerSecurityGroupLimitExceeded", message: "The maximum number of rules per security group has been reached." },
  activePeeringsPerVpc: {
    code: "ActiveVpcPeeringConnectionPerVpcLimitExceeded",
    message: "The maximum number of active VPC peering connections per VPC has been reached.",
  },
  outstandingPeeringRequestsPerVpc: {
    code: "OutstandingVpcPeeringConnectionLimitExceeded",
    message: "The maximum number of outstanding VPC peering connection requests has been reached.",
  },
  gatewayEndpointsPerRegion: { code: "VpcEndpointLimitExceeded", message: "The maximum number of VPC endpoints has been reached." },
};

export function vpcQuotaExceeded(quota: QuotaName): AwsError {
  const { code, message } = QUOTA_ERRORS[quota];
  return new AwsError(code, message);
}
