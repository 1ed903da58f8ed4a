import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { AMAZON_IMAGES } from "../model/catalog";
import { createVpc, ec2AccountPerTest, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
const { ec2 } = ec2AccountPerTest(server);

async function group(groupId: string) {
  return (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0];
}

const ALL_ICMP_FROM_VPC1 = { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16", Description: "ping from VPC 1" }] };

describe("security groups", () => {
  it("creates a group that allows all egress and nothing in; adds All ICMP from 10.1.0.0/16 with an sgr- id", async () => {
    const vpcId = await createVpc(ec2, 2);
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
    const vpcId = await createVpc(ec2, 3);
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

describe("names and descriptions in AWS's character set (a student's apostrophe or accent)", () => {
  const SET = "a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*";

  it("refuses a group name or description outside the set, and a name in the format sg-*, creating nothing", async () => {
    const vpcId = await createVpc(ec2, 4);
    const create = (GroupName: string, Description: string) => ec2.send(new CreateSecurityGroupCommand({ GroupName, Description, VpcId: vpcId }));
    const nameError = `Invalid security group name. Valid names are non-empty strings less than 256 characters from the following set:  ${SET}`;
    await expectAwsError(create("web's", "web"), "InvalidParameterValue", nameError);
    await expectAwsError(create("wéb", "web"), "InvalidParameterValue", nameError);
    await expectAwsError(create("w".repeat(256), "web"), "InvalidParameterValue", nameError);
    await expectAwsError(create("sg-web", "web"), "InvalidParameterValue", "Value (sg-web) for parameter GroupName is invalid. Group names may not be in the format sg-*.");
    const descriptionError = `Invalid security group description. Valid descriptions are strings less than 256 characters from the following set:  ${SET}`;
    await expectAwsError(create("web", "it's mine"), "InvalidParameterValue", descriptionError);
    await expectAwsError(create("web", "web — lab 1"), "InvalidParameterValue", descriptionError);
    await expectAwsError(create("web", "d".repeat(256)), "InvalidParameterValue", descriptionError);
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).SecurityGroups!;
    expect(groups.map((g) => g.GroupName)).toEqual(["default"]);
    const made = await create("launch-wizard-1 (lab) #1", "launch-wizard-1 created 2026-12-07T10:00:00.000Z; SSH & ping [a+b=c] {ok}! $5 *@/");
    expect(made.GroupId).toMatch(/^sg-/);
  });

  it("refuses a rule description outside the set in Authorize, Modify and UpdateDescriptions, changing no rule", async () => {
    const vpcId = await createVpc(ec2, 5);
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "web", Description: "web", VpcId: vpcId }));
    const ruleError = `Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  ${SET}`;
    const ssh = (Description: string, CidrIp = "1.2.3.4/32") => ({ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp, Description }] });
    await expectAwsError(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [ssh("my laptop"), ssh("Let's allow SSH", "5.6.7.8/32")] })),
      "InvalidParameterValue",
      ruleError,
    );
    expect((await group(GroupId!)).IpPermissions).toEqual([]);
    const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [ssh("my laptop")] }));
    const ruleId = added.SecurityGroupRules![0].SecurityGroupRuleId!;
    await expectAwsError(
      ec2.send(new ModifySecurityGroupRulesCommand({ GroupId, SecurityGroupRules: [{ SecurityGroupRuleId: ruleId, SecurityGroupRule: { IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIpv4: "1.2.3.4/32", Description: "café" } }] })),
      "InvalidParameterValue",
      ruleError,
    );
    await expectAwsError(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId, IpPermissions: [ssh("x".repeat(256))] })), "InvalidParameterValue", ruleError);
    await expectAwsError(
      ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId, SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: ruleId, Description: "naïve" }] })),
      "InvalidParameterValue",
      ruleError,
    );
    expect((await group(GroupId!)).IpPermissions![0].IpRanges).toEqual([{ CidrIp: "1.2.3.4/32", Description: "my laptop" }]);
  });
});

describe("ModifySecurityGroupRules (Terraform's aws_vpc_security_group_ingress_rule changes a rule in place)", () => {
  it("rewrites a rule under its id; a duplicate or an unknown id refuses the call", async () => {
    const vpcId = await createVpc(ec2, 6);
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
    const vpcId = await createVpc(ec2, 7);
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
