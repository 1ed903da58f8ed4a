import { describe, expect, it } from "vitest";
import { AwsError } from "@/lib/sandbox/core/errors";
import type { QueryParams, QueryValue, RequestContext } from "@/lib/sandbox/core/types";
import { ec2Service } from "./service";

const ctx: RequestContext = {
  accountId: "111122223333",
  region: "us-east-1",
  requestId: "test",
  now: Date.UTC(2025, 0, 6),
  caller: { arn: "arn:aws:iam::111122223333:user/lab-user", accountId: "111122223333", userName: "lab-user", accessKeyId: "AKIATEST" },
  delays: { instancePendingMs: 0, instanceStoppingMs: 0, instanceShuttingDownMs: 0, terminatedVisibleMs: 0, peeringProvisioningMs: 0, endpointPendingMs: 0 },
};

const PARAMETER_NAMES = [
  "VpcId", "SubnetId", "CidrBlock", "InternetGatewayId", "RouteTableId", "AssociationId", "DestinationCidrBlock", "GatewayId",
  "InstanceId", "VpcPeeringConnectionId", "PeerVpcId", "GroupId", "GroupName", "GroupDescription", "IpPermissions",
  "SecurityGroupRuleId", "NetworkAclId", "RuleNumber", "Protocol", "RuleAction", "Egress", "PortRange", "Icmp", "ImageId",
  "InstanceType", "MinCount", "MaxCount", "NetworkInterface", "TagSpecification", "ClientToken", "AllocationId", "PublicIp",
  "ResourceId", "Tag", "Filter", "MaxResults", "NextToken", "Attribute", "EnableDnsHostnames", "MapPublicIpOnLaunch", "DryRun",
  "Placement", "SecurityGroupId", "Domain", "IpProtocol", "FromPort", "ToPort", "CidrIp",
];

/** Shapes a client could send where another was expected. */
const ODD_VALUES: QueryValue[] = ["", "garbage", "-1", "99999999999", ["x"], [{ Name: "x" }], { Value: "maybe" }, { 1: "x" } as unknown as QueryValue];

/** One new account's state, copied for each run (building it anew each time made the sweep slow). */
const initialState = ec2Service.initialState(ctx);

function freshState() {
  return structuredClone(initialState);
}

/** Runs the operation to its end (RunInstances resolves its instance profile first, so some answer asynchronously). */
async function runSafely(action: string, params: QueryParams) {
  const state = freshState();
  try {
    await ec2Service.operations[action].run(params, ctx, state);
  } catch (error) {
    if (!(error instanceof AwsError)) throw new Error(`${action} ${JSON.stringify(params)} crashed: ${String(error)}`);
    expect(error.httpStatus).toBeLessThan(500);
  }
  // State is stored as JSON: whatever an operation leaves must survive the round trip unchanged.
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
}

describe("ec2Service", () => {
  it("serves the operations the labs and console use", () => {
    for (const action of ["CreateVpc", "CreateRoute", "AcceptVpcPeeringConnection", "DescribeSecurityGroupRules", "RunInstances", "AssociateAddress", "DescribeTags"]) {
      expect(Object.keys(ec2Service.operations)).toContain(action);
    }
    expect(ec2Service.operations.DescribeVpcs.mutates).toBe(false);
    expect(ec2Service.operations.CreateVpc.mutates).toBe(true);
  });

  it("answers ill-shaped parameters of every operation with an AWS error, never a crash", { timeout: 180_000 }, async () => {
    for (const action of Object.keys(ec2Service.operations)) {
      await runSafely(action, {});
      for (const name of PARAMETER_NAMES) for (const value of ODD_VALUES) await runSafely(action, { [name]: value });
    }
  });

  it("leaves read-only operations' state untouched", async () => {
    const state = freshState();
    const before = JSON.stringify(state);
    for (const [action, operation] of Object.entries(ec2Service.operations)) {
      if (operation.mutates) continue;
      try {
        await operation.run({}, ctx, state);
      } catch (error) {
        // These reads need a resource id, and ClassicLink is unsupported; every other read answers without parameters.
        expect(["DescribeVpcAttribute", "GetManagedPrefixListEntries", "DescribeVpcClassicLink", "DescribeVpcClassicLinkDnsSupport", "DescribeInstanceAttribute"]).toContain(action);
        expect(error).toBeInstanceOf(AwsError);
      }
    }
    expect(JSON.stringify(state)).toBe(before);
  });
});
