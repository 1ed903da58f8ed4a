import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { withOwnershipTags } from "./console-middleware";
import { isOwned, ownedIds, ownedView, resourceIdsIn } from "./ownership";
import { roleArnSchema } from "./role";

const MINE = [{ Key: "vpclab:owner", Value: "user-1" }];
const OTHERS = [{ Key: "vpclab:owner", Value: "user-2" }];

function account(): LabSnapshot {
  return {
    region: "us-east-1",
    accountId: "123456789012",
    vpcs: [
      { VpcId: "vpc-00000000000000001", Tags: MINE },
      { VpcId: "vpc-00000000000000002" },
      { VpcId: "vpc-00000000000000003", Tags: OTHERS },
    ],
    subnets: [
      { SubnetId: "subnet-00000000000000001", VpcId: "vpc-00000000000000001", Tags: MINE },
      { SubnetId: "subnet-00000000000000002", VpcId: "vpc-00000000000000001" },
    ],
    routeTables: [
      { RouteTableId: "rtb-00000000000000001", VpcId: "vpc-00000000000000001", Associations: [{ Main: true }] },
      { RouteTableId: "rtb-00000000000000002", VpcId: "vpc-00000000000000002", Associations: [{ Main: true }] },
    ],
    internetGateways: [],
    peeringConnections: [],
    securityGroups: [
      { GroupId: "sg-00000000000000001", GroupName: "default", VpcId: "vpc-00000000000000001" },
      { GroupId: "sg-00000000000000002", GroupName: "student-cli", VpcId: "vpc-00000000000000001" },
    ],
    networkAcls: [{ NetworkAclId: "acl-00000000000000001", VpcId: "vpc-00000000000000001", IsDefault: true }],
    instances: [],
    addresses: [],
    vpcEndpoints: [],
    prefixLists: [],
    buckets: [{ name: "lab-bucket", ownerAccountId: "123456789012" }, { name: "someone-elses", ownerAccountId: "123456789012" }],
    identities: [],
  };
}

describe("the ownership rule", () => {
  it("in the sandbox, the whole account is the student's", () => {
    const owned = ownedIds(account(), { scope: "account", userId: "user-1", buckets: [] });
    expect(owned).toBe("all");
    expect(isOwned(owned, "vpc-00000000000000002")).toBe(true);
  });

  it("on real AWS, only what carries the user's owner tag, the defaults AWS made with their VPC, and their recorded buckets", () => {
    const owned = ownedIds(account(), { scope: "tagged", userId: "user-1", buckets: ["lab-bucket"] });
    expect([...(owned as Set<string>)].sort()).toEqual(
      ["acl-00000000000000001", "lab-bucket", "rtb-00000000000000001", "sg-00000000000000001", "subnet-00000000000000001", "vpc-00000000000000001"].sort(),
    );
  });

  it("the owned view leaves out what the console did not create", () => {
    const snapshot = account();
    const view = ownedView(snapshot, ownedIds(snapshot, { scope: "tagged", userId: "user-1", buckets: [] }));
    expect(view.vpcs.map((vpc) => vpc.VpcId)).toEqual(["vpc-00000000000000001"]);
    expect(view.securityGroups.map((group) => group.GroupId)).toEqual(["sg-00000000000000001"]);
    expect(view.buckets).toEqual([]);
  });

  it("finds the AWS ids an action's input names, wherever they are", () => {
    expect(resourceIdsIn({ groupId: "sg-0123456789abcdef0", rule: { sources: ["sg-00000000000000002", "10.0.0.0/16"] }, name: "vpc-lab" })).toEqual([
      "sg-0123456789abcdef0",
      "sg-00000000000000002",
    ]);
  });
});

describe("ownership tags on create calls", () => {
  const owner = { userId: "user-1", labId: "vpc-peering", runId: "run-abc" };

  it("adds them to the resource type's TagSpecification, keeping the Name", () => {
    expect(withOwnershipTags([{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "lab1-vpc-1" }, { Key: "vpclab:lab", Value: "old" }] }], "vpc", owner)).toEqual([
      {
        ResourceType: "vpc",
        Tags: [
          { Key: "Name", Value: "lab1-vpc-1" },
          { Key: "vpclab:owner", Value: "user-1" },
          { Key: "vpclab:lab", Value: "vpc-peering" },
          { Key: "vpclab:run", Value: "run-abc" },
        ],
      },
    ]);
  });

  it("creates the TagSpecification when the call has none", () => {
    expect(withOwnershipTags(undefined, "security-group", { userId: "user-1" })).toEqual([{ ResourceType: "security-group", Tags: [{ Key: "vpclab:owner", Value: "user-1" }] }]);
  });
});

describe("role ARN validation", () => {
  it.each(["arn:aws:iam::123456789012:role/VpcLabConsole", "arn:aws:iam::123456789012:role/teaching/vpc-lab@2025", "arn:aws-us-gov:iam::123456789012:role/Lab"])("accepts %s", (arn) => {
    expect(roleArnSchema.safeParse(arn).success).toBe(true);
  });

  it.each([
    "arn:aws:iam::123456789012:user/alice",
    "arn:aws:iam::12345678901:role/Short",
    "arn:aws:sts::123456789012:assumed-role/Lab/session",
    "VpcLabConsole",
    "arn:aws:iam::123456789012:role/",
  ])("refuses %s with the ARN's expected shape", (arn) => {
    const parsed = roleArnSchema.safeParse(arn);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe("Enter an IAM role ARN such as arn:aws:iam::123456789012:role/VpcLabConsole.");
  });
});
