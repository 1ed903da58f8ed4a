import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DescribeManagedPrefixListsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  ModifyVpcEndpointCommand,
  ReplaceRouteCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { QueryService } from "@/lib/sandbox/core/types";
import { createRegistry } from "@/lib/sandbox/registry";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { DEFAULT_ENDPOINT_POLICY } from "../model/endpoints";
import { ec2Service } from "../service";
import { expectAwsError } from "../testing";

const S3 = "com.amazonaws.us-east-1.s3";
const S3_PREFIX_LIST = "pl-63a5400a";

/** EC2 with the endpoint operations, whether or not service.ts registers them yet. */

let server: SandboxServer;
let account: TestAccount;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startSandboxServer({ registry: createRegistry([ec2Service as QueryService<unknown>]) });
});
// A fresh account per test: each stays within Amazon VPC's quotas (5 VPCs and 5 gateways a Region).
beforeEach(async () => {
  account = await server.newAccount();
  ec2 = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 });
});
afterAll(async () => server.close());

async function vpcWithTable(second: number) {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${second}.0.0/16` }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${second}.0.0/24` }))).Subnet!.SubnetId!;
  const routeTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  return { vpcId, subnetId, routeTableId };
}

async function routesOf(routeTableId: string) {
  return (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }))).RouteTables![0].Routes!;
}

async function endpoint(endpointId: string) {
  return (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }))).VpcEndpoints![0];
}

describe("CreateVpcEndpoint (Gateway)", () => {
  it("creates an available S3 endpoint with the full-access policy and, without route tables, changes no route", async () => {
    const { vpcId, routeTableId } = await vpcWithTable(10);
    const before = await routesOf(routeTableId);
    const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, VpcEndpointType: "Gateway" }));
    expect(VpcEndpoint).toMatchObject({ VpcEndpointType: "Gateway", VpcId: vpcId, ServiceName: S3, State: "available", PolicyDocument: DEFAULT_ENDPOINT_POLICY, OwnerId: account.accountId });
    expect(VpcEndpoint!.VpcEndpointId).toMatch(/^vpce-[0-9a-f]{17}$/);
    expect(VpcEndpoint!.RouteTableIds ?? []).toEqual([]);
    expect(VpcEndpoint!.CreationTimestamp).toBeInstanceOf(Date);
    expect(await routesOf(routeTableId)).toEqual(before);
  });

  it("inserts the prefix-list route for each route table given, which cannot be edited by hand", async () => {
    const { vpcId, routeTableId } = await vpcWithTable(11);
    const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, RouteTableIds: [routeTableId] }));
    const endpointId = VpcEndpoint!.VpcEndpointId!;
    expect(VpcEndpoint!.RouteTableIds).toEqual([routeTableId]);
    expect((await routesOf(routeTableId)).find((route) => route.DestinationPrefixListId === S3_PREFIX_LIST)).toEqual({
      DestinationPrefixListId: S3_PREFIX_LIST,
      GatewayId: endpointId,
      Origin: "CreateRoute",
      State: "active",
    });
    await expectAwsError(ec2.send(new DeleteRouteCommand({ RouteTableId: routeTableId, DestinationPrefixListId: S3_PREFIX_LIST })), "InvalidParameterValue");
    await expectAwsError(
      ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "52.216.0.0/15", GatewayId: endpointId })),
      "RouteNotSupported",
    );
    await expectAwsError(
      ec2.send(new ReplaceRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: endpointId })),
      "InvalidParameterValue",
    );
  });

  it("refuses unknown services, interface endpoints, foreign route tables and malformed policies", async () => {
    const { vpcId } = await vpcWithTable(12);
    const other = await vpcWithTable(13);
    await expectAwsError(ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.nothing" })), "InvalidServiceName", "The Vpc Endpoint Service 'com.amazonaws.us-east-1.nothing' does not exist");
    await expectAwsError(ec2.send(new CreateVpcEndpointCommand({ VpcId: "vpc-0123456789abcdef0", ServiceName: S3 })), "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist");
    await expectAwsError(ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, VpcEndpointType: "Interface" })), "InvalidParameter");
    await expectAwsError(ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, RouteTableIds: [other.routeTableId] })), "InvalidParameter", `Route table ${other.routeTableId} does not belong to VPC ${vpcId}.`);
    await expectAwsError(
      ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, PolicyDocument: '{"Statement": [}' })),
      "InvalidPolicyDocument",
      "The Policy Document is not valid. Syntax error at position (1,16)",
    );
    await expectAwsError(
      ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, PolicyDocument: "[".repeat(20_000) })),
      "InvalidPolicyDocument",
      "The Policy Document is not valid. Syntax error at position (1,20001)",
    );
    await expectAwsError(
      ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, PolicyDocument: '{"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}' })),
      "InvalidPolicyDocument",
      "The Policy Document is not valid. Effect must be Allow or Deny",
    );
    const endpoints = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(endpoints.VpcEndpoints).toEqual([]);
  });

  it("accepts DynamoDB's gateway service and a second table for the same service is RouteAlreadyExists", async () => {
    const { vpcId, routeTableId } = await vpcWithTable(14);
    const dynamo = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: "com.amazonaws.us-east-1.dynamodb", RouteTableIds: [routeTableId] }));
    expect((await routesOf(routeTableId)).map((route) => route.DestinationPrefixListId).filter(Boolean)).toEqual(["pl-02cd2c6b"]);
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, RouteTableIds: [routeTableId] }));
    await expectAwsError(ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, RouteTableIds: [routeTableId] })), "RouteAlreadyExists");
    expect(dynamo.VpcEndpoint!.ServiceName).toBe("com.amazonaws.us-east-1.dynamodb");
  });
});

describe("ModifyVpcEndpoint", () => {
  it("adds and removes route tables, replaces and resets the policy", async () => {
    const { vpcId, routeTableId } = await vpcWithTable(20);
    const endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3 }))).VpcEndpoint!.VpcEndpointId!;
    expect((await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, AddRouteTableIds: [routeTableId] }))).Return).toBe(true);
    expect((await endpoint(endpointId)).RouteTableIds).toEqual([routeTableId]);
    expect((await routesOf(routeTableId)).some((route) => route.GatewayId === endpointId)).toBe(true);

    const deny = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] });
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument: deny }));
    expect((await endpoint(endpointId)).PolicyDocument).toBe(deny);
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, ResetPolicy: true }));
    expect((await endpoint(endpointId)).PolicyDocument).toBe(DEFAULT_ENDPOINT_POLICY);

    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, RemoveRouteTableIds: [routeTableId] }));
    expect((await endpoint(endpointId)).RouteTableIds ?? []).toEqual([]);
    expect((await routesOf(routeTableId)).some((route) => route.GatewayId === endpointId)).toBe(false);
  });

  it("refuses a malformed policy without changing anything, and unknown endpoints", async () => {
    const { vpcId, routeTableId } = await vpcWithTable(21);
    const endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3 }))).VpcEndpoint!.VpcEndpointId!;
    await expectAwsError(
      ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, AddRouteTableIds: [routeTableId], PolicyDocument: '{"Version":"2012-10-17"}' })),
      "InvalidPolicyDocument",
      "The Policy Document is not valid. Missing required field Statement",
    );
    expect(await endpoint(endpointId)).toMatchObject({ PolicyDocument: DEFAULT_ENDPOINT_POLICY });
    expect((await endpoint(endpointId)).RouteTableIds ?? []).toEqual([]);
    await expectAwsError(
      ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: "vpce-0123456789abcdef0", ResetPolicy: true })),
      "InvalidVpcEndpointId.NotFound",
      "The VpcEndpoint ID 'vpce-0123456789abcdef0' does not exist",
    );
    await expectAwsError(
      ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, ResetPolicy: true, PolicyDocument: DEFAULT_ENDPOINT_POLICY })),
      "InvalidParameterCombination",
    );
  });
});

describe("DeleteVpcEndpoints", () => {
  it("deletes the endpoint and its routes, reports unknown ids per item, and frees the VPC", async () => {
    const { vpcId, routeTableId } = await vpcWithTable(30);
    const endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, RouteTableIds: [routeTableId] }))).VpcEndpoint!.VpcEndpointId!;
    const result = await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpointId, "vpce-0123456789abcdef0"] }));
    expect(result.Unsuccessful).toEqual([
      { Error: { Code: "InvalidVpcEndpoint.NotFound", Message: "The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist" }, ResourceId: "vpce-0123456789abcdef0" },
    ]);
    expect((await routesOf(routeTableId)).some((route) => route.DestinationPrefixListId)).toBe(false);
    await expectAwsError(ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpointId] })), "InvalidVpcEndpointId.NotFound");
  });

  it("a deleted route table leaves the endpoint's route tables, and the endpoint can still be deleted", async () => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.32.0.0/16" }))).Vpc!.VpcId!;
    const routeTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    const endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3, RouteTableIds: [routeTableId] }))).VpcEndpoint!.VpcEndpointId!;
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: routeTableId }));
    expect((await endpoint(endpointId)).RouteTableIds).toEqual([]);
    const result = await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }));
    expect(result.Unsuccessful).toEqual([]);
  });

  it("a VPC with an endpoint cannot be deleted", async () => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.31.0.0/16" }))).Vpc!.VpcId!;
    const endpointId = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: S3 }))).VpcEndpoint!.VpcEndpointId!;
    await expectAwsError(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })), "DependencyViolation", `The vpc '${vpcId}' has dependencies and cannot be deleted.`);
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpointId] }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
  });
});

describe("endpoint services and prefix lists", () => {
  it("DescribeVpcEndpointServices lists S3 as Gateway and Interface", async () => {
    const output = await ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [S3] }));
    expect(output.ServiceNames).toEqual([S3]);
    expect(output.ServiceDetails!.map((detail) => detail.ServiceType![0].ServiceType)).toEqual(["Gateway", "Interface"]);
    expect(output.ServiceDetails![0]).toMatchObject({ ServiceName: S3, Owner: "amazon", VpcEndpointPolicySupported: true, BaseEndpointDnsNames: ["s3.us-east-1.amazonaws.com"] });
    const gateways = await ec2.send(new DescribeVpcEndpointServicesCommand({ Filters: [{ Name: "service-type", Values: ["Gateway"] }] }));
    expect(gateways.ServiceNames).toEqual([S3, "com.amazonaws.us-east-1.dynamodb"]);
  });

  it("DescribePrefixLists and the managed prefix list calls give S3's fixed list and ranges", async () => {
    const lists = await ec2.send(new DescribePrefixListsCommand({ PrefixListIds: [S3_PREFIX_LIST] }));
    expect(lists.PrefixLists).toEqual([
      { PrefixListId: S3_PREFIX_LIST, PrefixListName: S3, Cidrs: ["16.15.176.0/20", "16.182.0.0/16", "18.34.0.0/19", "18.34.232.0/21", "3.5.0.0/19", "52.216.0.0/15", "54.231.0.0/16"] },
    ]);
    const managed = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: "prefix-list-name", Values: [S3] }] }));
    expect(managed.PrefixLists).toEqual([
      { PrefixListId: S3_PREFIX_LIST, AddressFamily: "IPv4", State: "create-complete", PrefixListArn: `arn:aws:ec2:us-east-1:aws:prefix-list/${S3_PREFIX_LIST}`, PrefixListName: S3, OwnerId: "AWS" },
    ]);
    const entries = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: S3_PREFIX_LIST, MaxResults: 5 }));
    expect(entries.Entries).toHaveLength(5);
    expect(entries.Entries![0]).toEqual({ Cidr: "16.15.176.0/20" });
    const rest = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: S3_PREFIX_LIST, NextToken: entries.NextToken }));
    expect(rest.Entries!.map((entry) => entry.Cidr)).toEqual(["52.216.0.0/15", "54.231.0.0/16"]);
    await expectAwsError(ec2.send(new DescribePrefixListsCommand({ PrefixListIds: ["pl-00000000"] })), "InvalidPrefixListID.NotFound", "The prefix list ID 'pl-00000000' does not exist");
  });
});

describe("the AWS CLI", () => {
  it("creates a gateway endpoint with a route table and reads the prefix lists", async () => {
    const { vpcId, routeTableId } = await vpcWithTable(40);
    const env = cliEnv(account, server.endpoint);
    const created = await runAwsCli(["ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--service-name", S3, "--route-table-ids", routeTableId], env);
    expect(created.stderr).toBe("");
    const endpointJson = JSON.parse(created.stdout).VpcEndpoint;
    expect(endpointJson).toMatchObject({ VpcEndpointType: "Gateway", ServiceName: S3, State: "available", RouteTableIds: [routeTableId] });
    const lists = await runAwsCli(["ec2", "describe-prefix-lists", "--query", "PrefixLists[].PrefixListId", "--output", "text"], env);
    expect(lists.stdout.trim().split(/\s+/)).toEqual([S3_PREFIX_LIST, "pl-02cd2c6b"]);
    const deleted = await runAwsCli(["ec2", "delete-vpc-endpoints", "--vpc-endpoint-ids", endpointJson.VpcEndpointId], env);
    expect(JSON.parse(deleted.stdout)).toEqual({ Unsuccessful: [] });
  });
});
