import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand,
  DeleteSecurityGroupCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  ModifySecurityGroupRulesCommand,
  ReplaceNetworkAclAssociationCommand,
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  ReplaceNetworkAclEntryCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  type EC2Client,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "@/lib/sandbox/testing";
import { AMAZON_IMAGES } from "../model/catalog";
import { ec2ClientFor, expectAwsError, startEc2Sandbox } from "../testing";

let server: SandboxServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startEc2Sandbox();
  ec2 = ec2ClientFor(server, await server.newAccount());
});
afterAll(async () => {
  await server.close();
});

async function newVpc(second: number): Promise<string> {
  return (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${second}.0.0/16` }))).Vpc!.VpcId!;
}

async function group(groupId: string) {
  return (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0];
}

const ALL_ICMP_FROM_VPC1 = { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16", Description: "ping from VPC 1" }] };

describe("security groups", () => {
  it("creates a group that allows all egress and nothing in; adds All ICMP from 10.1.0.0/16 with an sgr- id", async () => {
    const vpcId = await newVpc(2);
    const created = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "lab-sg", Description: "Lab 1 instance 2", VpcId: vpcId }));
    expect(created.GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    const groupId = created.GroupId!;
    expect(await group(groupId)).toMatchObject({ GroupName: "lab-sg", Description: "Lab 1 instance 2", VpcId: vpcId, IpPermissions: [] });

    const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [ALL_ICMP_FROM_VPC1] }));
    expect(added.Return).toBe(true);
    expect(added.SecurityGroupRules).toHaveLength(1);
    expect(added.SecurityGroupRules![0]).toMatchObject({ GroupId: groupId, IsEgress: false, IpProtocol: "icmp", FromPort: -1, ToPort: -1, CidrIpv4: "10.1.0.0/16", Description: "ping from VPC 1" });
    expect(added.SecurityGroupRules![0].SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    expect((await group(groupId)).IpPermissions).toEqual([
      { IpProtocol: "icmp", FromPort: -1, ToPort: -1, UserIdGroupPairs: [], IpRanges: [{ CidrIp: "10.1.0.0/16", Description: "ping from VPC 1" }], Ipv6Ranges: [], PrefixListIds: [] },
    ]);

    await expectAwsError(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [ALL_ICMP_FROM_VPC1] })),
      "InvalidPermission.Duplicate",
      'the specified rule "peer: 10.1.0.0/16, ICMP, type: ALL, code: ALL, ALLOW" already exists',
    );
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "6", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "18.206.107.24/29" }] }] }));
    await expectAwsError(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "18.206.107.24/29" }] }] })),
      "InvalidPermission.Duplicate",
      'the specified rule "peer: 18.206.107.24/29, TCP, from port: 22, to port: 22, ALLOW" already exists',
    );
    await expectAwsError(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.1.0.1/16" }] }] })),
      "InvalidParameterValue",
      "CIDR block 10.1.0.1/16 is malformed",
    );

    const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }));
    expect(rules.SecurityGroupRules!.map((r) => [r.IsEgress, r.IpProtocol, r.FromPort, r.ToPort, r.CidrIpv4])).toEqual([
      [true, "-1", -1, -1, "0.0.0.0/0"],
      [false, "icmp", -1, -1, "10.1.0.0/16"],
      [false, "tcp", 22, 22, "18.206.107.24/29"],
    ]);

    const revoked = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16" }] }] }));
    expect(revoked.Return).toBe(true);
    expect(revoked.RevokedSecurityGroupRules![0].SecurityGroupRuleId).toBe(added.SecurityGroupRules![0].SecurityGroupRuleId);
    await expectAwsError(
      ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [ALL_ICMP_FROM_VPC1] })),
      "InvalidPermission.NotFound",
      "The specified rule does not exist in this security group.",
    );
    const egressRule = rules.SecurityGroupRules!.find((r) => r.IsEgress)!.SecurityGroupRuleId!;
    await expectAwsError(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, SecurityGroupRuleIds: [egressRule] })), "InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${egressRule}' does not exist`);
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, SecurityGroupRuleIds: [egressRule] }));
    expect((await group(groupId)).IpPermissionsEgress).toEqual([]);
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
    expect((await group(groupId)).IpPermissionsEgress![0]).toMatchObject({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] });
  });

  it("refuses duplicates, the reserved name, deleting default, and deleting a group in use", async () => {
    const vpcId = await newVpc(3);
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "web", Description: "web", VpcId: vpcId }));
    await expectAwsError(ec2.send(new CreateSecurityGroupCommand({ GroupName: "web", Description: "again", VpcId: vpcId })), "InvalidGroup.Duplicate", `The security group 'web' already exists for VPC '${vpcId}'`);
    await expectAwsError(ec2.send(new CreateSecurityGroupCommand({ GroupName: "default", Description: "x", VpcId: vpcId })), "InvalidGroup.Reserved", "The security group 'default' is reserved");
    await expectAwsError(ec2.send(new CreateSecurityGroupCommand({ GroupName: "nodesc", VpcId: vpcId } as never)), "MissingParameter", "The request must contain the parameter GroupDescription");
    const defaultGroup = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "group-name", Values: ["default"] }] }))).SecurityGroups![0];
    await expectAwsError(ec2.send(new DeleteSecurityGroupCommand({ GroupId: defaultGroup.GroupId })), "CannotDelete", `the specified group: "${defaultGroup.GroupId}" name: "default" cannot be deleted by a user`);

    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.3.0.0/24" }));
    await ec2.send(new RunInstancesCommand({ ImageId: AMAZON_IMAGES[0].imageId, InstanceType: "t2.micro", MinCount: 1, MaxCount: 1, SubnetId: Subnet!.SubnetId, SecurityGroupIds: [GroupId!] }));
    await expectAwsError(ec2.send(new DeleteSecurityGroupCommand({ GroupId })), "DependencyViolation", `resource ${GroupId} has a dependent object`);
    await expectAwsError(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-00000000000000000"] })), "InvalidGroup.NotFound", "The security group 'sg-00000000000000000' does not exist");
    await expectAwsError(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ["web"] })), "InvalidGroupId.Malformed", 'Invalid id: "web" (expecting "sg-...")');

    const { GroupId: spare } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "spare", Description: "spare", VpcId: vpcId }));
    const deleted = await ec2.send(new DeleteSecurityGroupCommand({ GroupId: spare }));
    expect(deleted).toMatchObject({ Return: true, GroupId: spare });
  });
});

describe("ModifySecurityGroupRules (Terraform's aws_vpc_security_group_ingress_rule changes a rule in place)", () => {
  it("rewrites a rule under its id; a duplicate or an unknown id refuses the call", async () => {
    // A fresh account: the file's shared one holds its five VPCs already.
    const ec2 = ec2ClientFor(server, await server.newAccount());
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.6.0.0/16" }))).Vpc!.VpcId!;
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "web", Description: "web", VpcId: vpcId }));
    const { SecurityGroupRules } = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.6.0.0/16" }] },
          { IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        ],
      }),
    );
    const [ssh, web] = SecurityGroupRules!.map((rule) => rule.SecurityGroupRuleId!);
    const modified = await ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId,
        SecurityGroupRules: [{ SecurityGroupRuleId: ssh, SecurityGroupRule: { IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIpv4: "10.6.0.0/16", Description: "https" } }],
      }),
    );
    expect(modified.Return).toBe(true);
    const { SecurityGroupRules: after } = await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ssh] }));
    expect(after).toEqual([
      expect.objectContaining({ SecurityGroupRuleId: ssh, GroupId, IsEgress: false, IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIpv4: "10.6.0.0/16", Description: "https" }),
    ]);
    await expectAwsError(
      ec2.send(new ModifySecurityGroupRulesCommand({ GroupId, SecurityGroupRules: [{ SecurityGroupRuleId: web, SecurityGroupRule: { IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIpv4: "10.6.0.0/16" } }] })),
      "InvalidPermission.Duplicate",
      'the specified rule "peer: 10.6.0.0/16, TCP, from port: 443, to port: 443, ALLOW" already exists',
    );
    await expectAwsError(
      ec2.send(
        new ModifySecurityGroupRulesCommand({ GroupId, SecurityGroupRules: [{ SecurityGroupRuleId: "sgr-00000000000000000", SecurityGroupRule: { IpProtocol: "-1", CidrIpv4: "10.6.0.0/16" } }] }),
      ),
      "InvalidSecurityGroupRuleId.NotFound",
      /sgr-00000000000000000/,
    );
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }));
    expect(SecurityGroups![0].IpPermissions!.map((p) => p.FromPort).sort((a, b) => a! - b!)).toEqual([80, 443]);
  });
});

describe("UpdateSecurityGroupRuleDescriptions* (Ansible's ec2_security_group and Terraform change a description in place)", () => {
  it("sets a rule's description by its permission or by its id; a rule that is not there refuses the call", async () => {
    const ec2 = ec2ClientFor(server, await server.newAccount());
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.7.0.0/16" }))).Vpc!.VpcId!;
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "app", Description: "app", VpcId: vpcId }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.7.0.0/16" }] }] }));
    const described = await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.7.0.0/16", Description: "ssh from the VPC" }] }] }),
    );
    expect(described.Return).toBe(true);
    const rules = async () => (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [GroupId!] }] }))).SecurityGroupRules!;
    const ingress = (await rules()).find((rule) => !rule.IsEgress)!;
    expect(ingress.Description).toBe("ssh from the VPC");
    const egress = (await rules()).find((rule) => rule.IsEgress)!;
    await ec2.send(new UpdateSecurityGroupRuleDescriptionsEgressCommand({ GroupId, SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: egress.SecurityGroupRuleId, Description: "anywhere" }] }));
    expect((await rules()).find((rule) => rule.IsEgress)!.Description).toBe("anywhere");
    await expectAwsError(
      ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "10.7.0.0/16", Description: "web" }] }] })),
      "InvalidPermission.NotFound",
      "The specified rule does not exist in this security group.",
    );
    await expectAwsError(
      ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId, SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: egress.SecurityGroupRuleId, Description: "x" }] })),
      "InvalidSecurityGroupRuleId.NotFound",
      new RegExp(egress.SecurityGroupRuleId!),
    );
  });
});

describe("network ACLs", () => {
  it("adds, replaces and deletes numbered entries with AWS's refusals", async () => {
    const vpcId = await newVpc(4);
    const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    const aclId = NetworkAcl!.NetworkAclId!;
    expect(NetworkAcl).toMatchObject({ IsDefault: false, VpcId: vpcId, Associations: [] });
    expect(NetworkAcl!.Entries!.map((e) => [e.RuleNumber, e.Egress, e.RuleAction])).toEqual([[32767, true, "deny"], [32767, false, "deny"]]);

    const entry = { NetworkAclId: aclId, RuleNumber: 100, Protocol: "6", RuleAction: "allow" as const, Egress: false, CidrBlock: "0.0.0.0/0", PortRange: { From: 22, To: 22 } };
    await ec2.send(new CreateNetworkAclEntryCommand(entry));
    await expectAwsError(ec2.send(new CreateNetworkAclEntryCommand(entry)), "NetworkAclEntryAlreadyExists", "The network acl entry identified by 100 already exists.");
    await ec2.send(new CreateNetworkAclEntryCommand({ ...entry, Protocol: "1", PortRange: undefined, IcmpTypeCode: { Type: -1, Code: -1 }, RuleNumber: 110, RuleAction: "deny" }));
    await expectAwsError(ec2.send(new CreateNetworkAclEntryCommand({ ...entry, RuleNumber: 0 })), "InvalidParameterValue", /ruleNumber/);
    await expectAwsError(ec2.send(new CreateNetworkAclEntryCommand({ ...entry, RuleNumber: 120, PortRange: undefined })), "MissingParameter", "The request must contain the parameter portRange");
    await ec2.send(new ReplaceNetworkAclEntryCommand({ ...entry, RuleAction: "deny" }));
    await expectAwsError(ec2.send(new ReplaceNetworkAclEntryCommand({ ...entry, RuleNumber: 200 })), "InvalidNetworkAclEntry.NotFound", /200/);

    const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [aclId] }));
    expect(NetworkAcls![0].Entries!.filter((e) => !e.Egress)).toEqual([
      { CidrBlock: "0.0.0.0/0", Egress: false, PortRange: { From: 22, To: 22 }, Protocol: "6", RuleAction: "deny", RuleNumber: 100 },
      { CidrBlock: "0.0.0.0/0", Egress: false, IcmpTypeCode: { Type: -1, Code: -1 }, Protocol: "1", RuleAction: "deny", RuleNumber: 110 },
      { CidrBlock: "0.0.0.0/0", Egress: false, Protocol: "-1", RuleAction: "deny", RuleNumber: 32767 },
    ]);
    await ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 110, Egress: false }));
    await expectAwsError(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 110, Egress: false })), "InvalidNetworkAclEntry.NotFound", /110/);
  });

  it("moves a subnet between ACLs; refuses deleting the default ACL or one still associated", async () => {
    const vpcId = await newVpc(5);
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.5.0.0/24" }));
    const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    const current = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [Subnet!.SubnetId!] }] }))).NetworkAcls![0];
    const association = current.Associations!.find((a) => a.SubnetId === Subnet!.SubnetId)!;
    expect(association.NetworkAclAssociationId).toMatch(/^aclassoc-[0-9a-f]{17}$/);
    await expectAwsError(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: current.NetworkAclId })), "InvalidParameterValue", `cannot delete default network ACL ${current.NetworkAclId}`);

    const { NewAssociationId } = await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association.NetworkAclAssociationId, NetworkAclId: NetworkAcl!.NetworkAclId }));
    const moved = (await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [NetworkAcl!.NetworkAclId!] }))).NetworkAcls![0];
    expect(moved.Associations).toEqual([{ NetworkAclAssociationId: NewAssociationId, NetworkAclId: NetworkAcl!.NetworkAclId, SubnetId: Subnet!.SubnetId }]);
    await expectAwsError(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: NetworkAcl!.NetworkAclId })), "DependencyViolation", `The networkAcl '${NetworkAcl!.NetworkAclId}' has dependencies and cannot be deleted.`);
    await expectAwsError(ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: ["acl-00000000000000000"] })), "InvalidNetworkAclID.NotFound", "The networkAcl ID 'acl-00000000000000000' does not exist");
  });
});
