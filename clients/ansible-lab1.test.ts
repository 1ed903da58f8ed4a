/** Lab 1 (two peered VPCs, an instance in each) with Ansible: see ansible-lab-suite.ts. */
import { expect } from "vitest";
import { DescribeAddressesCommand, DescribeInstancesCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeVpcPeeringConnectionsCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { describeAnsibleLab, type Lab } from "./ansible-lab-suite";

async function expectLab1Built({ ec2 }: Lab): Promise<void> {
  const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: ["lab1-vpc-1", "lab1-vpc-2"] }] }))).Vpcs ?? [];
  expect(vpcs.map((vpc) => vpc.CidrBlock).sort()).toEqual(["10.1.0.0/16", "10.2.0.0/16"]);
  const [one, two] = ["10.1.0.0/16", "10.2.0.0/16"].map((cidr) => vpcs.find((vpc) => vpc.CidrBlock === cidr)!.VpcId!);

  const peerings = (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: "status-code", Values: ["active"] }] }))).VpcPeeringConnections ?? [];
  expect(peerings.map((p) => [p.RequesterVpcInfo?.VpcId, p.AccepterVpcInfo?.VpcId])).toEqual([[one, two]]);
  const pcx = peerings[0].VpcPeeringConnectionId;

  for (const [vpcId, peerCidr] of [[one, "10.2.0.0/16"], [two, "10.1.0.0/16"]]) {
    const tables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["false"] }] }))).RouteTables ?? [];
    expect(tables).toHaveLength(1);
    const routes = tables[0].Routes ?? [];
    expect(routes.find((route) => route.DestinationCidrBlock === "0.0.0.0/0")?.GatewayId).toMatch(/^igw-/);
    expect(routes.find((route) => route.DestinationCidrBlock === peerCidr)).toMatchObject({ VpcPeeringConnectionId: pcx, State: "active" });
  }

  const instances = ((await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running"] }] }))).Reservations ?? []).flatMap((r) => r.Instances ?? []);
  expect(instances.map((i) => i.VpcId).sort()).toEqual([one, two].sort());
  const first = instances.find((i) => i.VpcId === one)!;
  const addresses = (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
  expect(addresses.map((a) => [a.InstanceId, a.PublicIp])).toEqual([[first.InstanceId, first.PublicIpAddress]]);

  const second = instances.find((i) => i.VpcId === two)!;
  const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: second.SecurityGroups!.map((g) => g.GroupId!) }))).SecurityGroups![0];
  expect(group.IpPermissions).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [expect.objectContaining({ CidrIp: "10.1.0.0/16" })] }),
      expect.objectContaining({ IpProtocol: "tcp", FromPort: 22, ToPort: 22 }),
    ]),
  );
}

describeAnsibleLab({ name: "Lab 1", playbook: "lab1.yml", teardown: "lab1-teardown.yml", expectBuilt: expectLab1Built });
