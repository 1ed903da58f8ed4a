/**
 * The audit behind docs/real-tools.md: every AWS call the real tools of issue 17 make for the labs'
 * resources (read from the tools' public source: hashicorp/terraform-provider-aws v5 resources and
 * data sources, ansible-collections amazon.aws / community.aws 5.5 modules), whether the sandbox
 * serves it, and which test drives it through a real client — the JS SDK (`<Call>Command`), the
 * AWS CLI (`"<kebab-name>"`), boto3 (`.<snake_name>(`) — or sends it on the wire (`Action=<Call>`).
 * scripts/gen-coverage.ts writes the page; the test files are scanned, so it stays current.
 */
import fs from "node:fs";
import path from "node:path";

type Service = "ec2" | "s3" | "iam" | "sts";

/** Who makes the calls: a tool's resource, data source or module, and the calls it makes (create, read/refresh, update, delete). */
const CALLERS: { service: Service; by: string; calls: string[] }[] = [
  {
    service: "ec2",
    by: "Terraform aws_vpc (and data source)",
    calls: [
      "CreateVpc", "DescribeVpcs", "DescribeVpcAttribute", "ModifyVpcAttribute", "DescribeNetworkAcls", "DescribeRouteTables",
      "DescribeSecurityGroups", "AssociateVpcCidrBlock", "DisassociateVpcCidrBlock", "CreateTags", "DeleteTags", "DeleteVpc",
    ],
  },
  { service: "ec2", by: "Ansible ec2_vpc_net", calls: ["DescribeVpcClassicLink", "DescribeVpcClassicLinkDnsSupport", "DescribeDhcpOptions", "CreateDhcpOptions", "AssociateDhcpOptions", "DescribeTags"] },
  {
    service: "ec2",
    by: "Terraform aws_subnet, Ansible ec2_vpc_subnet",
    calls: ["CreateSubnet", "DescribeSubnets", "ModifySubnetAttribute", "AssociateSubnetCidrBlock", "DisassociateSubnetCidrBlock", "DescribeNetworkInterfaces", "DeleteSubnet"],
  },
  {
    service: "ec2",
    by: "Terraform aws_internet_gateway(_attachment), Ansible ec2_vpc_igw(_info)",
    calls: ["CreateInternetGateway", "DescribeInternetGateways", "AttachInternetGateway", "DetachInternetGateway", "DeleteInternetGateway"],
  },
  {
    service: "ec2",
    by: "Terraform aws_route_table(_association), aws_route, Ansible ec2_vpc_route_table",
    calls: ["CreateRouteTable", "CreateRoute", "ReplaceRoute", "DeleteRoute", "AssociateRouteTable", "ReplaceRouteTableAssociation", "DisassociateRouteTable", "DeleteRouteTable"],
  },
  {
    service: "ec2",
    by: "Terraform aws_vpc_peering_connection(_accepter), Ansible ec2_vpc_peer",
    calls: ["CreateVpcPeeringConnection", "DescribeVpcPeeringConnections", "AcceptVpcPeeringConnection", "ModifyVpcPeeringConnectionOptions", "RejectVpcPeeringConnection", "DeleteVpcPeeringConnection"],
  },
  {
    service: "ec2",
    by: "Terraform aws_security_group(_rule), aws_vpc_security_group_ingress_rule, Ansible ec2_security_group",
    calls: [
      "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
      "DescribeSecurityGroupRules", "ModifySecurityGroupRules", "UpdateSecurityGroupRuleDescriptionsIngress", "UpdateSecurityGroupRuleDescriptionsEgress",
      "DeleteSecurityGroup",
    ],
  },
  {
    service: "ec2",
    by: "Terraform aws_network_acl(_rule)",
    calls: ["CreateNetworkAcl", "CreateNetworkAclEntry", "ReplaceNetworkAclEntry", "DeleteNetworkAclEntry", "ReplaceNetworkAclAssociation", "DeleteNetworkAcl"],
  },
  {
    service: "ec2",
    by: "Terraform aws_instance, Ansible ec2_instance",
    calls: [
      "DescribeImages", "RunInstances", "DescribeInstances", "DescribeInstanceStatus", "DescribeInstanceAttribute", "ModifyInstanceAttribute",
      "DescribeInstanceCreditSpecifications", "DescribeVolumes", "DescribeInstanceTypes", "AssociateIamInstanceProfile",
      "DescribeIamInstanceProfileAssociations", "DisassociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "StopInstances", "StartInstances", "TerminateInstances",
    ],
  },
  {
    service: "ec2",
    by: "Terraform aws_eip(_association), Ansible ec2_eip",
    calls: ["AllocateAddress", "DescribeAddresses", "DescribeAddressesAttribute", "AssociateAddress", "DisassociateAddress", "ReleaseAddress"],
  },
  {
    service: "ec2",
    by: "Terraform aws_vpc_endpoint(_route_table_association), Ansible ec2_vpc_endpoint",
    calls: ["CreateVpcEndpoint", "DescribeVpcEndpoints", "DescribePrefixLists", "DescribeVpcEndpointServices", "ModifyVpcEndpoint", "DeleteVpcEndpoints"],
  },
  {
    service: "ec2",
    by: "Terraform data sources aws_ami, aws_availability_zones, aws_prefix_list, aws_region",
    calls: ["DescribeImages", "DescribeAvailabilityZones", "DescribePrefixLists", "DescribeManagedPrefixLists", "GetManagedPrefixListEntries", "DescribeRegions"],
  },
  {
    service: "s3",
    by: "Terraform aws_s3_bucket, Ansible s3_bucket",
    calls: [
      "CreateBucket", "HeadBucket", "ListBuckets", "GetBucketLocation", "GetBucketPolicy", "GetBucketAcl", "GetBucketCors", "GetBucketWebsite",
      "GetBucketVersioning", "GetBucketAccelerateConfiguration", "GetBucketRequestPayment", "GetBucketLogging", "GetBucketLifecycleConfiguration",
      "GetBucketReplication", "GetBucketEncryption", "GetObjectLockConfiguration", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging",
      "ListObjectVersions", "DeleteObjects", "DeleteBucket",
    ],
  },
  {
    service: "s3",
    by: "Terraform aws_s3_bucket_policy / _versioning / _public_access_block / _ownership_controls / _server_side_encryption_configuration",
    calls: [
      "PutBucketPolicy", "DeleteBucketPolicy", "GetBucketPolicyStatus", "PutBucketVersioning", "GetPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock",
      "GetBucketOwnershipControls", "PutBucketOwnershipControls", "DeleteBucketOwnershipControls", "PutBucketEncryption", "DeleteBucketEncryption",
    ],
  },
  {
    service: "s3",
    by: "Terraform aws_s3_bucket_analytics_configuration / _metric / _inventory / _intelligent_tiering_configuration",
    calls: [
      "PutBucketAnalyticsConfiguration", "GetBucketAnalyticsConfiguration", "ListBucketAnalyticsConfigurations", "DeleteBucketAnalyticsConfiguration",
      "PutBucketMetricsConfiguration", "GetBucketMetricsConfiguration", "ListBucketMetricsConfigurations", "DeleteBucketMetricsConfiguration",
      "PutBucketInventoryConfiguration", "GetBucketInventoryConfiguration", "ListBucketInventoryConfigurations", "DeleteBucketInventoryConfiguration",
      "PutBucketIntelligentTieringConfiguration", "GetBucketIntelligentTieringConfiguration", "ListBucketIntelligentTieringConfigurations",
      "DeleteBucketIntelligentTieringConfiguration",
    ],
  },
  {
    service: "s3",
    by: "Terraform aws_s3_object, Ansible s3_object",
    calls: ["PutObject", "HeadObject", "GetObject", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging", "GetObjectAcl", "CopyObject", "DeleteObject", "ListObjectsV2"],
  },
  { service: "s3", by: "issue 17's S3 gaps (boto3, the AWS CLI)", calls: ["GetObjectAttributes", "RestoreObject", "PutObjectAcl", "PutBucketAcl"] },
  {
    service: "iam",
    by: "Terraform aws_iam_user / aws_iam_access_key, Ansible iam_user",
    calls: [
      "CreateUser", "GetUser", "ListUsers", "UpdateUser", "TagUser", "UntagUser", "ListUserTags", "DeleteUser", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey",
      "DeleteAccessKey", "ListSigningCertificates", "ListSSHPublicKeys", "ListServiceSpecificCredentials", "ListMFADevices", "GetLoginProfile",
      "ListGroupsForUser", "ListUserPolicies", "ListAttachedUserPolicies",
    ],
  },
  { service: "iam", by: "IAM groups and membership (Ansible iam_group)", calls: ["CreateGroup", "GetGroup", "AddUserToGroup", "RemoveUserFromGroup", "DeleteGroup"] },
  {
    service: "iam",
    by: "Terraform aws_iam_role(_policy) / aws_iam_instance_profile, Ansible iam_role / iam_instance_profile",
    calls: [
      "CreateRole", "GetRole", "UpdateRole", "UpdateAssumeRolePolicy", "TagRole", "ListRolePolicies", "ListAttachedRolePolicies", "PutRolePolicy", "GetRolePolicy",
      "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy", "ListInstanceProfilesForRole", "CreateInstanceProfile", "GetInstanceProfile",
      "AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile", "DeleteInstanceProfile", "DeleteRole",
    ],
  },
  { service: "sts", by: "Terraform aws_caller_identity (and every provider start), Ansible", calls: ["GetCallerIdentity"] },
];

export interface AuditedCall {
  service: Service;
  call: string;
  by: string[];
  /** Test files (relative paths) and how each drives the call. */
  tests: { file: string; via: string[] }[];
}

/** The AWS CLI's name of an operation: DescribeVpcs → describe-vpcs, ListMFADevices → list-mfa-devices, ListObjectsV2 → list-objects-v2. */
export function cliName(call: string): string {
  return call
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

/** boto3's method name: describe_vpcs, list_mfa_devices, list_objects_v2. */
export function botoName(call: string): string {
  return cliName(call).replace(/-/g, "_");
}

const SCANNED_DIRS = ["lib", "clients", "scripts"];

function testFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".test.ts") || (entry.name.endsWith(".py") && full.includes(`${path.sep}clients${path.sep}`))) found.push(full);
    }
  };
  for (const dir of SCANNED_DIRS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return found.sort();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** How a file drives a call: the SDK command, the CLI's name as an argument, boto3's method, or the Query action on the wire. */
function waysIn(text: string, call: string, python: boolean): string[] {
  if (python) return new RegExp(`\\.${escape(botoName(call))}\\(|["']${escape(botoName(call))}["']`).test(text) ? ["boto3"] : [];
  const ways: string[] = [];
  if (new RegExp(`\\b${call}Command\\b`).test(text)) ways.push("SDK");
  if (new RegExp(`["'\`\\s]${escape(cliName(call))}["'\`\\s]`).test(text)) ways.push("CLI");
  if (new RegExp(`Action["']?[,:=]\\s*["']?${call}\\b`).test(text)) ways.push("wire");
  return ways;
}

export function auditRealToolCalls(root = process.cwd()): AuditedCall[] {
  const files = testFiles(root).map((file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, "utf8"), python: file.endsWith(".py") }));
  const byCall = new Map<string, AuditedCall>();
  for (const { service, by, calls } of CALLERS) {
    for (const call of calls) {
      const key = `${service}:${call}`;
      const entry = byCall.get(key) ?? { service, call, by: [], tests: [] };
      entry.by.push(by);
      byCall.set(key, entry);
    }
  }
  for (const entry of byCall.values()) {
    for (const file of files) {
      const via = waysIn(file.text, entry.call, file.python);
      if (via.length > 0) entry.tests.push({ file: file.file, via });
    }
  }
  return [...byCall.values()];
}
