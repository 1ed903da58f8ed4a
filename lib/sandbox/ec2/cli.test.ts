/**
 * The EC2 part of both labs, built with the AWS CLI v2 against the sandbox, as a student at a
 * terminal would: every answer parsed from `--output json`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, runAwsCli, type CliEnv, type SandboxServer } from "@/lib/sandbox/testing";
import { startEc2Sandbox } from "./testing";

let server: SandboxServer;
let env: CliEnv;

beforeAll(async () => {
  server = await startEc2Sandbox();
  env = cliEnv(await server.newAccount(), server.endpoint);
});
afterAll(async () => {
  await server.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function ec2(...args: string[]): Promise<Json> {
  const result = await runAwsCli(["ec2", ...args, "--output", "json"], env);
  if (result.code !== 0) throw new Error(`aws ec2 ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim() === "" ? {} : JSON.parse(result.stdout);
}

async function ec2Fails(...args: string[]): Promise<string> {
  const result = await runAwsCli(["ec2", ...args, "--output", "json"], env);
  expect(result.code).not.toBe(0);
  return result.stderr.trim();
}

const nameTag = (type: string, name: string) => `ResourceType=${type},Tags=[{Key=Name,Value=${name}}]`;

/** "VPC and more", piece by piece: VPC, public subnet, attached gateway, route table with 0.0.0.0/0. */
async function publicVpc(cidr: string, subnetCidr: string, name: string) {
  const vpc = (await ec2("create-vpc", "--cidr-block", cidr, "--tag-specifications", nameTag("vpc", name))).Vpc;
  const subnet = (await ec2("create-subnet", "--vpc-id", vpc.VpcId, "--cidr-block", subnetCidr, "--availability-zone", "us-east-1a")).Subnet;
  const igw = (await ec2("create-internet-gateway")).InternetGateway.InternetGatewayId;
  await ec2("attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc.VpcId);
  const rtb = (await ec2("create-route-table", "--vpc-id", vpc.VpcId)).RouteTable.RouteTableId;
  await ec2("associate-route-table", "--route-table-id", rtb, "--subnet-id", subnet.SubnetId);
  expect((await ec2("create-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw)).Return).toBe(true);
  const defaultGroup = (await ec2("describe-security-groups", "--filters", `Name=vpc-id,Values=${vpc.VpcId}`, "Name=group-name,Values=default")).SecurityGroups[0];
  return { vpcId: vpc.VpcId as string, subnetId: subnet.SubnetId as string, igw, rtb, groupId: defaultGroup.GroupId as string };
}

async function launch(subnetId: string, groupId: string, imageId: string) {
  const reservation = await ec2("run-instances", "--image-id", imageId, "--instance-type", "t2.micro", "--subnet-id", subnetId, "--security-group-ids", groupId, "--count", "1");
  return reservation.Instances[0];
}

describe("Lab 1 with the AWS CLI", () => {
  it("builds two peered VPCs with routes, ICMP and SSH rules, instances and an Elastic IP", async () => {
    const one = await publicVpc("10.1.0.0/16", "10.1.0.0/24", "lab1-vpc-1");
    const two = await publicVpc("10.2.0.0/16", "10.2.0.0/24", "lab1-vpc-2");
    const vpcs = await ec2("describe-vpcs", "--filters", "Name=tag:Name,Values=lab1-*");
    expect(vpcs.Vpcs.map((v: Json) => v.CidrBlock).sort()).toEqual(["10.1.0.0/16", "10.2.0.0/16"]);

    const pcx = (await ec2("create-vpc-peering-connection", "--vpc-id", one.vpcId, "--peer-vpc-id", two.vpcId)).VpcPeeringConnection;
    expect(pcx.Status.Code).toBe("initiating-request");
    const pcxId = pcx.VpcPeeringConnectionId;
    expect((await ec2("accept-vpc-peering-connection", "--vpc-peering-connection-id", pcxId)).VpcPeeringConnection.Status.Code).toBe("provisioning");
    await ec2("create-route", "--route-table-id", one.rtb, "--destination-cidr-block", "10.2.0.0/16", "--vpc-peering-connection-id", pcxId);
    await ec2("create-route", "--route-table-id", two.rtb, "--destination-cidr-block", "10.1.0.0/16", "--vpc-peering-connection-id", pcxId);
    expect(await ec2Fails("create-route", "--route-table-id", one.rtb, "--destination-cidr-block", "10.2.0.0/16", "--vpc-peering-connection-id", pcxId)).toContain(
      "An error occurred (RouteAlreadyExists) when calling the CreateRoute operation: The route identified by 10.2.0.0/16 already exists.",
    );
    const peerings = await ec2("describe-vpc-peering-connections", "--filters", "Name=status-code,Values=active");
    expect(peerings.VpcPeeringConnections.map((p: Json) => p.VpcPeeringConnectionId)).toEqual([pcxId]);
    const table = (await ec2("describe-route-tables", "--route-table-ids", one.rtb)).RouteTables[0];
    expect(table.Routes.map((r: Json) => [r.DestinationCidrBlock, r.GatewayId ?? r.VpcPeeringConnectionId, r.State])).toEqual([
      ["10.1.0.0/16", "local", "active"],
      ["0.0.0.0/0", one.igw, "active"],
      ["10.2.0.0/16", pcxId, "active"],
    ]);

    await ec2("authorize-security-group-ingress", "--group-id", two.groupId, "--protocol", "icmp", "--port", "-1", "--cidr", "10.1.0.0/16");
    await ec2("authorize-security-group-ingress", "--group-id", one.groupId, "--protocol", "tcp", "--port", "22", "--cidr", "18.206.107.24/29");
    const group2 = (await ec2("describe-security-groups", "--group-ids", two.groupId)).SecurityGroups[0];
    expect(group2.IpPermissions).toContainEqual({ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] });
    expect(await ec2Fails("authorize-security-group-ingress", "--group-id", two.groupId, "--protocol", "icmp", "--port", "-1", "--cidr", "10.1.0.0/16")).toContain(
      'An error occurred (InvalidPermission.Duplicate) when calling the AuthorizeSecurityGroupIngress operation: the specified rule "peer: 10.1.0.0/16, ICMP, type: ALL, code: ALL, ALLOW" already exists',
    );

    const images = await ec2("describe-images", "--owners", "amazon", "--filters", "Name=name,Values=al2023-ami-2023.*-kernel-6.1-x86_64");
    const imageId = images.Images[0].ImageId;
    const instance1 = await launch(one.subnetId, one.groupId, imageId);
    const instance2 = await launch(two.subnetId, two.groupId, imageId);
    expect(instance1.State.Name).toBe("pending");
    expect(instance1.PublicIpAddress).toBeUndefined();
    const described = await ec2("describe-instances", "--instance-ids", instance1.InstanceId, instance2.InstanceId);
    const instances = described.Reservations.flatMap((r: Json) => r.Instances);
    expect(instances.map((i: Json) => [i.State.Name, i.PrivateIpAddress])).toEqual([
      ["running", "10.1.0.4"],
      ["running", "10.2.0.4"],
    ]);

    const address = await ec2("allocate-address", "--domain", "vpc");
    const association = await ec2("associate-address", "--allocation-id", address.AllocationId, "--instance-id", instance1.InstanceId);
    expect(association.AssociationId).toMatch(/^eipassoc-/);
    const withIp = (await ec2("describe-instances", "--instance-ids", instance1.InstanceId)).Reservations[0].Instances[0];
    expect(withIp.PublicIpAddress).toBe(address.PublicIp);
    const addresses = await ec2("describe-addresses", "--allocation-ids", address.AllocationId);
    expect(addresses.Addresses[0]).toMatchObject({ InstanceId: instance1.InstanceId, AssociationId: association.AssociationId, Domain: "vpc" });
  }, 240_000);
});

describe("Lab 2 with the AWS CLI", () => {
  it("builds a public VPC whose subnet maps public IPs, with an instance that gets one", async () => {
    const lab = await publicVpc("10.3.0.0/16", "10.3.0.0/24", "lab2-vpc");
    await ec2("modify-subnet-attribute", "--subnet-id", lab.subnetId, "--map-public-ip-on-launch");
    const subnet = (await ec2("describe-subnets", "--subnet-ids", lab.subnetId)).Subnets[0];
    expect(subnet.MapPublicIpOnLaunch).toBe(true);
    const imageId = (await ec2("describe-images", "--owners", "amazon", "--filters", "Name=name,Values=al2023-ami-*-x86_64")).Images[0].ImageId;
    const instance = await launch(lab.subnetId, lab.groupId, imageId);
    const running = await ec2("describe-instances", "--filters", `Name=vpc-id,Values=${lab.vpcId}`, "Name=instance-state-name,Values=running");
    const described = running.Reservations[0].Instances[0];
    expect(described.InstanceId).toBe(instance.InstanceId);
    expect(described.PublicIpAddress).toMatch(/^3\./);
    expect(described.PrivateDnsName).toBe("ip-10-3-0-4.ec2.internal");
    expect(await ec2Fails("delete-vpc", "--vpc-id", lab.vpcId)).toContain(
      `An error occurred (DependencyViolation) when calling the DeleteVpc operation: The vpc '${lab.vpcId}' has dependencies and cannot be deleted.`,
    );
  }, 240_000);
});
