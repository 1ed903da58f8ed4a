/** Network ACLs and their entries through the real @aws-sdk/client-ec2. */
import {
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateSubnetCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand,
  DescribeNetworkAclsCommand,
  ReplaceNetworkAclAssociationCommand,
  ReplaceNetworkAclEntryCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { createVpc, ec2AccountPerTest, ec2SandboxForFile, expectAwsError } from "../testing";

const server = ec2SandboxForFile();
const { ec2 } = ec2AccountPerTest(server);


describe("network ACLs", () => {
  it("adds, replaces and deletes numbered entries with AWS's refusals", async () => {
    const vpcId = await createVpc(ec2, 4);
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
    const vpcId = await createVpc(ec2, 5);
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
