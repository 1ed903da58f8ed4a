/**
 * The AWS managed policies the sandbox knows, with their real ARNs, default versions and
 * documents (as AWS publishes them), so attaching one grants exactly what it grants on AWS.
 */

export interface ManagedPolicy {
  name: string;
  arn: string;
  versionId: string;
  document: string;
}

const VPC_FULL_ACCESS_ACTIONS = [
  "AcceptVpcPeeringConnection", "AcceptVpcEndpointConnections", "AllocateAddress", "AssignIpv6Addresses", "AssignPrivateIpAddresses",
  "AssociateAddress", "AssociateDhcpOptions", "AssociateRouteTable", "AssociateSubnetCidrBlock", "AssociateVpcCidrBlock",
  "AttachClassicLinkVpc", "AttachInternetGateway", "AttachNetworkInterface", "AttachVpnGateway", "AuthorizeSecurityGroupEgress",
  "AuthorizeSecurityGroupIngress", "CreateCarrierGateway", "CreateCustomerGateway", "CreateDefaultSubnet", "CreateDefaultVpc",
  "CreateDhcpOptions", "CreateEgressOnlyInternetGateway", "CreateFlowLogs", "CreateInternetGateway",
  "CreateLocalGatewayRouteTableVpcAssociation", "CreateNatGateway", "CreateNetworkAcl", "CreateNetworkAclEntry",
  "CreateNetworkInterface", "CreateNetworkInterfacePermission", "CreateRoute", "CreateRouteTable", "CreateSecurityGroup",
  "CreateSubnet", "CreateTags", "CreateVpc", "CreateVpcEndpoint", "CreateVpcEndpointConnectionNotification",
  "CreateVpcEndpointServiceConfiguration", "CreateVpcPeeringConnection", "CreateVpnConnection", "CreateVpnConnectionRoute",
  "CreateVpnGateway", "DeleteCarrierGateway", "DeleteCustomerGateway", "DeleteDhcpOptions", "DeleteEgressOnlyInternetGateway",
  "DeleteFlowLogs", "DeleteInternetGateway", "DeleteLocalGatewayRouteTableVpcAssociation", "DeleteNatGateway", "DeleteNetworkAcl",
  "DeleteNetworkAclEntry", "DeleteNetworkInterface", "DeleteNetworkInterfacePermission", "DeleteRoute", "DeleteRouteTable",
  "DeleteSecurityGroup", "DeleteSubnet", "DeleteTags", "DeleteVpc", "DeleteVpcEndpoints", "DeleteVpcEndpointConnectionNotifications",
  "DeleteVpcEndpointServiceConfigurations", "DeleteVpcPeeringConnection", "DeleteVpnConnection", "DeleteVpnConnectionRoute",
  "DeleteVpnGateway", "DescribeAccountAttributes", "DescribeAddresses", "DescribeAvailabilityZones", "DescribeCarrierGateways",
  "DescribeClassicLinkInstances", "DescribeCustomerGateways", "DescribeDhcpOptions", "DescribeEgressOnlyInternetGateways",
  "DescribeFlowLogs", "DescribeInstances", "DescribeInternetGateways", "DescribeIpv6Pools", "DescribeLocalGatewayRouteTables",
  "DescribeLocalGatewayRouteTableVpcAssociations", "DescribeKeyPairs", "DescribeMovingAddresses", "DescribeNatGateways",
  "DescribeNetworkAcls", "DescribeNetworkInterfaceAttribute", "DescribeNetworkInterfacePermissions", "DescribeNetworkInterfaces",
  "DescribePrefixLists", "DescribeRouteTables", "DescribeSecurityGroupReferences", "DescribeSecurityGroupRules",
  "DescribeSecurityGroups", "DescribeStaleSecurityGroups", "DescribeSubnets", "DescribeTags", "DescribeVpcAttribute",
  "DescribeVpcClassicLink", "DescribeVpcClassicLinkDnsSupport", "DescribeVpcEndpointConnectionNotifications",
  "DescribeVpcEndpointConnections", "DescribeVpcEndpoints", "DescribeVpcEndpointServiceConfigurations",
  "DescribeVpcEndpointServicePermissions", "DescribeVpcEndpointServices", "DescribeVpcPeeringConnections", "DescribeVpcs",
  "DescribeVpnConnections", "DescribeVpnGateways", "DetachClassicLinkVpc", "DetachInternetGateway", "DetachNetworkInterface",
  "DetachVpnGateway", "DisableVgwRoutePropagation", "DisableVpcClassicLink", "DisableVpcClassicLinkDnsSupport",
  "DisassociateAddress", "DisassociateRouteTable", "DisassociateSubnetCidrBlock", "DisassociateVpcCidrBlock",
  "EnableVgwRoutePropagation", "EnableVpcClassicLink", "EnableVpcClassicLinkDnsSupport", "GetSecurityGroupsForVpc",
  "ModifyNetworkInterfaceAttribute", "ModifySecurityGroupRules", "ModifySubnetAttribute", "ModifyVpcAttribute", "ModifyVpcEndpoint",
  "ModifyVpcEndpointConnectionNotification", "ModifyVpcEndpointServiceConfiguration", "ModifyVpcEndpointServicePermissions",
  "ModifyVpcPeeringConnectionOptions", "ModifyVpcTenancy", "MoveAddressToVpc", "RejectVpcEndpointConnections",
  "RejectVpcPeeringConnection", "ReleaseAddress", "ReplaceNetworkAclAssociation", "ReplaceNetworkAclEntry", "ReplaceRoute",
  "ReplaceRouteTableAssociation", "ResetNetworkInterfaceAttribute", "RestoreAddressToClassic", "RevokeSecurityGroupEgress",
  "RevokeSecurityGroupIngress", "UnassignIpv6Addresses", "UnassignPrivateIpAddresses", "UpdateSecurityGroupRuleDescriptionsEgress",
  "UpdateSecurityGroupRuleDescriptionsIngress",
];

const EC2_SERVICE_LINKED_ROLES = [
  "autoscaling.amazonaws.com", "ec2scheduled.amazonaws.com", "elasticloadbalancing.amazonaws.com", "spot.amazonaws.com",
  "spotfleet.amazonaws.com", "transitgateway.amazonaws.com",
];

function policy(name: string, versionId: string, statement: unknown[]): ManagedPolicy {
  return { name, arn: `arn:aws:iam::aws:policy/${name}`, versionId, document: JSON.stringify({ Version: "2012-10-17", Statement: statement }) };
}

export const MANAGED_POLICIES: readonly ManagedPolicy[] = [
  policy("AdministratorAccess", "v1", [{ Effect: "Allow", Action: "*", Resource: "*" }]),
  policy("AmazonS3FullAccess", "v2", [{ Effect: "Allow", Action: ["s3:*", "s3-object-lambda:*"], Resource: "*" }]),
  policy("AmazonS3ReadOnlyAccess", "v3", [
    { Effect: "Allow", Action: ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"], Resource: "*" },
  ]),
  policy("AmazonEC2FullAccess", "v5", [
    { Action: "ec2:*", Effect: "Allow", Resource: "*" },
    { Effect: "Allow", Action: "elasticloadbalancing:*", Resource: "*" },
    { Effect: "Allow", Action: "cloudwatch:*", Resource: "*" },
    { Effect: "Allow", Action: "autoscaling:*", Resource: "*" },
    { Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*", Condition: { StringEquals: { "iam:AWSServiceName": EC2_SERVICE_LINKED_ROLES } } },
  ]),
  policy("AmazonVPCFullAccess", "v10", [
    { Sid: "AmazonVPCFullAccess", Effect: "Allow", Action: VPC_FULL_ACCESS_ACTIONS.map((action) => `ec2:${action}`), Resource: "*" },
  ]),
];

const BY_ARN = new Map(MANAGED_POLICIES.map((entry) => [entry.arn, entry]));

export function managedPolicy(arn: string): ManagedPolicy | undefined {
  return BY_ARN.get(arn);
}

export const ADMINISTRATOR_ACCESS_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
