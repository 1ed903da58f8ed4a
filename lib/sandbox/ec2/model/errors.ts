/** EC2's error codes and messages, worded as AWS words them. */
import { AwsError } from "@/lib/sandbox/core/errors";

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
