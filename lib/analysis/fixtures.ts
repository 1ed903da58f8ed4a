/**
 * The two labs of docs/labs.md as snapshots, in their finished (working) state, with realistic ids.
 * Tests break them one piece at a time; the sandbox and console tests may reuse them.
 */
import type { InternetGateway, InternetGatewayAttachment, NetworkAcl, Route, RouteTable, SecurityGroup } from "@aws-sdk/client-ec2";
import type { LabSnapshot } from "./lab-snapshot";

export const ACCOUNT_ID = "111122223333";
export const REGION = "us-east-1";
export const LAB_USER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/lab-user`;
export const EIC_RANGE_US_EAST_1 = "18.206.107.24/29";
export const S3_PREFIX_LIST_US_EAST_1 = "pl-63a5400a";

export const LAB1 = {
  vpc1: "vpc-0a1b2c3d4e5f60001",
  vpc2: "vpc-0f9e8d7c6b5a40002",
  subnet1: "subnet-0a1b2c3d4e5f60011",
  subnet2: "subnet-0f9e8d7c6b5a40012",
  igw1: "igw-0a1b2c3d4e5f60021",
  igw2: "igw-0f9e8d7c6b5a40022",
  rtb1: "rtb-0a1b2c3d4e5f60031",
  rtb2: "rtb-0f9e8d7c6b5a40032",
  mainRtb1: "rtb-0a1b2c3d4e5f60033",
  mainRtb2: "rtb-0f9e8d7c6b5a40034",
  acl1: "acl-0a1b2c3d4e5f60041",
  acl2: "acl-0f9e8d7c6b5a40042",
  sg1: "sg-0a1b2c3d4e5f60051",
  sg2: "sg-0f9e8d7c6b5a40052",
  instance1: "i-0a1b2c3d4e5f60061",
  instance2: "i-0f9e8d7c6b5a40062",
  pcx: "pcx-0123456789abcdef0",
  eipAllocation: "eipalloc-0a1b2c3d4e5f60071",
  eipAssociation: "eipassoc-0a1b2c3d4e5f60072",
  instance1PrivateIp: "10.1.0.12",
  instance2PrivateIp: "10.2.0.25",
  instance1ElasticIp: "54.210.33.17",
} as const;

export const LAB2 = {
  vpc: "vpc-0c3d4e5f6a7b80003",
  subnet: "subnet-0c3d4e5f6a7b80013",
  igw: "igw-0c3d4e5f6a7b80023",
  rtb: "rtb-0c3d4e5f6a7b80035",
  mainRtb: "rtb-0c3d4e5f6a7b80036",
  acl: "acl-0c3d4e5f6a7b80043",
  sg: "sg-0c3d4e5f6a7b80053",
  instance: "i-0c3d4e5f6a7b80063",
  vpce: "vpce-0c3d4e5f6a7b80073",
  bucket: "nextwork-vpc-endpoints-ab",
  instancePrivateIp: "10.0.0.10",
  instancePublicIp: "3.91.20.45",
} as const;

const S3_CIDRS_US_EAST_1 = ["16.15.176.0/20", "16.182.0.0/16", "18.34.0.0/19", "18.34.232.0/21", "3.5.0.0/19", "52.216.0.0/15", "54.231.0.0/16"];

export const FULL_ACCESS_ENDPOINT_POLICY = JSON.stringify({
  Version: "2008-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
});

export const ADMINISTRATOR_ACCESS_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});

/** Step 6's bucket policy: deny everything that does not come through the endpoint. */
export function denyUnlessFromEndpointPolicy(bucket: string, endpointId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyAccessUnlessFromVpce",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { StringNotEquals: { "aws:SourceVpce": endpointId } },
      },
    ],
  });
}

function defaultNetworkAcl(aclId: string, vpcId: string, subnetId: string): NetworkAcl {
  const entry = (Egress: boolean, RuleNumber: number, RuleAction: "allow" | "deny") => ({ CidrBlock: "0.0.0.0/0", Egress, Protocol: "-1", RuleAction, RuleNumber });
  return {
    NetworkAclId: aclId,
    VpcId: vpcId,
    IsDefault: true,
    OwnerId: ACCOUNT_ID,
    Associations: [{ NetworkAclAssociationId: `aclassoc-${aclId.slice(4)}`, NetworkAclId: aclId, SubnetId: subnetId }],
    Entries: [entry(true, 100, "allow"), entry(true, 32767, "deny"), entry(false, 100, "allow"), entry(false, 32767, "deny")],
  };
}

function vpc(VpcId: string, CidrBlock: string) {
  return {
    VpcId,
    CidrBlock,
    State: "available" as const,
    OwnerId: ACCOUNT_ID,
    IsDefault: false,
    CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${VpcId.slice(4)}`, CidrBlock, CidrBlockState: { State: "associated" as const } }],
  };
}

function subnet(SubnetId: string, VpcId: string, CidrBlock: string) {
  return { SubnetId, VpcId, CidrBlock, AvailabilityZone: "us-east-1a", State: "available" as const, MapPublicIpOnLaunch: false, OwnerId: ACCOUNT_ID };
}

/** EC2 really answers "available" for an attached gateway; the SDK's enum only lists "attached". */
const ATTACHED = "available" as InternetGatewayAttachment["State"];

function internetGateway(InternetGatewayId: string, VpcId: string): InternetGateway {
  return { InternetGatewayId, OwnerId: ACCOUNT_ID, Attachments: [{ VpcId, State: ATTACHED }] };
}

function mainRouteTable(RouteTableId: string, VpcId: string, cidr: string): RouteTable {
  return {
    RouteTableId,
    VpcId,
    OwnerId: ACCOUNT_ID,
    Associations: [{ Main: true, RouteTableAssociationId: `rtbassoc-${RouteTableId.slice(4)}`, RouteTableId }],
    Routes: [{ DestinationCidrBlock: cidr, GatewayId: "local", Origin: "CreateRouteTable" as const, State: "active" as const }],
  };
}

function publicRouteTable(RouteTableId: string, VpcId: string, SubnetId: string, cidr: string, igw: string, extra: Route[] = []): RouteTable {
  return {
    RouteTableId,
    VpcId,
    OwnerId: ACCOUNT_ID,
    Associations: [{ Main: false, RouteTableAssociationId: `rtbassoc-${SubnetId.slice(7)}`, RouteTableId, SubnetId }],
    Routes: [
      { DestinationCidrBlock: cidr, GatewayId: "local", Origin: "CreateRouteTable" as const, State: "active" as const },
      { DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw, Origin: "CreateRoute" as const, State: "active" as const },
      ...extra,
    ],
  };
}

function sshFromInstanceConnect(GroupId: string, VpcId: string, name: string): SecurityGroup {
  return {
    GroupId,
    GroupName: name,
    Description: `${name} created by the lab`,
    VpcId,
    OwnerId: ACCOUNT_ID,
    IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: EIC_RANGE_US_EAST_1, Description: "EC2 Instance Connect" }] }],
    IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
  };
}

function instance(InstanceId: string, VpcId: string, SubnetId: string, PrivateIpAddress: string, GroupId: string, groupName: string, PublicIpAddress?: string) {
  return {
    InstanceId,
    ImageId: "ami-0453ec754f44f9a4a",
    InstanceType: "t2.micro" as const,
    State: { Code: 16, Name: "running" as const },
    VpcId,
    SubnetId,
    PrivateIpAddress,
    PrivateDnsName: `ip-${PrivateIpAddress.replaceAll(".", "-")}.ec2.internal`,
    PublicIpAddress,
    SecurityGroups: [{ GroupId, GroupName: groupName }],
    Placement: { AvailabilityZone: "us-east-1a" },
  };
}

/** Lab 1 finished: two peered VPCs, routes both ways, instance 1 with an Elastic IP, ICMP allowed into instance 2. */
export function lab1Snapshot(): LabSnapshot {
  const sg2: SecurityGroup = {
    ...sshFromInstanceConnect(LAB1.sg2, LAB1.vpc2, "lab1-vpc2-sg"),
    IpPermissions: [
      { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: EIC_RANGE_US_EAST_1 }] },
      { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16", Description: "All ICMP - IPv4 from VPC 1" }] },
    ],
  };
  const toPeer = (cidr: string): Route => ({ DestinationCidrBlock: cidr, VpcPeeringConnectionId: LAB1.pcx, Origin: "CreateRoute", State: "active" });
  const rtb1 = publicRouteTable(LAB1.rtb1, LAB1.vpc1, LAB1.subnet1, "10.1.0.0/16", LAB1.igw1, [toPeer("10.2.0.0/16")]);
  const rtb2 = publicRouteTable(LAB1.rtb2, LAB1.vpc2, LAB1.subnet2, "10.2.0.0/16", LAB1.igw2, [toPeer("10.1.0.0/16")]);
  return {
    region: REGION,
    accountId: ACCOUNT_ID,
    vpcs: [vpc(LAB1.vpc1, "10.1.0.0/16"), vpc(LAB1.vpc2, "10.2.0.0/16")],
    subnets: [subnet(LAB1.subnet1, LAB1.vpc1, "10.1.0.0/24"), subnet(LAB1.subnet2, LAB1.vpc2, "10.2.0.0/24")],
    routeTables: [mainRouteTable(LAB1.mainRtb1, LAB1.vpc1, "10.1.0.0/16"), rtb1, mainRouteTable(LAB1.mainRtb2, LAB1.vpc2, "10.2.0.0/16"), rtb2],
    internetGateways: [internetGateway(LAB1.igw1, LAB1.vpc1), internetGateway(LAB1.igw2, LAB1.vpc2)],
    peeringConnections: [
      {
        VpcPeeringConnectionId: LAB1.pcx,
        Status: { Code: "active", Message: "Active" },
        RequesterVpcInfo: { VpcId: LAB1.vpc1, CidrBlock: "10.1.0.0/16", CidrBlockSet: [{ CidrBlock: "10.1.0.0/16" }], OwnerId: ACCOUNT_ID, Region: REGION },
        AccepterVpcInfo: { VpcId: LAB1.vpc2, CidrBlock: "10.2.0.0/16", CidrBlockSet: [{ CidrBlock: "10.2.0.0/16" }], OwnerId: ACCOUNT_ID, Region: REGION },
      },
    ],
    securityGroups: [sshFromInstanceConnect(LAB1.sg1, LAB1.vpc1, "lab1-vpc1-sg"), sg2],
    networkAcls: [defaultNetworkAcl(LAB1.acl1, LAB1.vpc1, LAB1.subnet1), defaultNetworkAcl(LAB1.acl2, LAB1.vpc2, LAB1.subnet2)],
    instances: [
      instance(LAB1.instance1, LAB1.vpc1, LAB1.subnet1, LAB1.instance1PrivateIp, LAB1.sg1, "lab1-vpc1-sg", LAB1.instance1ElasticIp),
      instance(LAB1.instance2, LAB1.vpc2, LAB1.subnet2, LAB1.instance2PrivateIp, LAB1.sg2, "lab1-vpc2-sg"),
    ],
    addresses: [
      {
        AllocationId: LAB1.eipAllocation,
        AssociationId: LAB1.eipAssociation,
        Domain: "vpc",
        PublicIp: LAB1.instance1ElasticIp,
        InstanceId: LAB1.instance1,
        PrivateIpAddress: LAB1.instance1PrivateIp,
      },
    ],
    vpcEndpoints: [],
    prefixLists: [],
    buckets: [],
    identities: [],
  };
}

/** Lab 2 finished: the endpoint is in the subnet's route table and the bucket admits only the endpoint. */
export function lab2Snapshot(): LabSnapshot {
  const endpointRoute: Route = { DestinationPrefixListId: S3_PREFIX_LIST_US_EAST_1, GatewayId: LAB2.vpce, Origin: "CreateRoute", State: "active" };
  const rtb = publicRouteTable(LAB2.rtb, LAB2.vpc, LAB2.subnet, "10.0.0.0/16", LAB2.igw, [endpointRoute]);
  return {
    region: REGION,
    accountId: ACCOUNT_ID,
    vpcs: [vpc(LAB2.vpc, "10.0.0.0/16")],
    subnets: [subnet(LAB2.subnet, LAB2.vpc, "10.0.0.0/24")],
    routeTables: [mainRouteTable(LAB2.mainRtb, LAB2.vpc, "10.0.0.0/16"), rtb],
    internetGateways: [internetGateway(LAB2.igw, LAB2.vpc)],
    peeringConnections: [],
    securityGroups: [sshFromInstanceConnect(LAB2.sg, LAB2.vpc, "lab2-sg")],
    networkAcls: [defaultNetworkAcl(LAB2.acl, LAB2.vpc, LAB2.subnet)],
    instances: [instance(LAB2.instance, LAB2.vpc, LAB2.subnet, LAB2.instancePrivateIp, LAB2.sg, "lab2-sg", LAB2.instancePublicIp)],
    addresses: [],
    vpcEndpoints: [
      {
        VpcEndpointId: LAB2.vpce,
        VpcEndpointType: "Gateway",
        VpcId: LAB2.vpc,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        State: "Available",
        PolicyDocument: FULL_ACCESS_ENDPOINT_POLICY,
        RouteTableIds: [LAB2.rtb],
        OwnerId: ACCOUNT_ID,
      },
    ],
    prefixLists: [{ PrefixListId: S3_PREFIX_LIST_US_EAST_1, PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: S3_CIDRS_US_EAST_1 }],
    buckets: [{ name: LAB2.bucket, ownerAccountId: ACCOUNT_ID, policy: denyUnlessFromEndpointPolicy(LAB2.bucket, LAB2.vpce) }],
    identities: [{ arn: LAB_USER_ARN, accountId: ACCOUNT_ID, userName: "lab-user", policies: [ADMINISTRATOR_ACCESS_POLICY] }],
  };
}
