/**
 * Lab 1 (VPC peering) replayed as docs/labs.md tells it, against the whole sandbox: every answer at
 * every step, through the SDK, the AWS CLI, SSM and an EC2 Instance Connect terminal session.
 */
import {
  AcceptVpcPeeringConnectionCommand,
  AllocateAddressCommand,
  AssociateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteRouteCommand,
  DescribeInstancesCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_PUBLIC_IPV4_MESSAGE } from "@/lib/analysis";
import { closeAllSessions, openInstanceConnectSession, type TerminalSession } from "@/lib/sandbox/sessions";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { runShell } from "@/lib/sandbox/ssm/testing";
import { cliEnv, runAwsCli, startSandboxServer, type SandboxServer, type TestAccount } from "@/lib/sandbox/testing";
import { buildPublicNetwork, commandOutput, connect, escaped, fullReplyPattern, launchInstance, totalLossPattern, typeLine, type LaunchedInstance, type PublicNetwork } from "./driver";

let server: SandboxServer;
let account: TestAccount;
let ec2: EC2Client;
let ssm: SSMClient;
let vpc1: PublicNetwork;
let vpc2: PublicNetwork;
let peeringId: string;
let instance1: LaunchedInstance;
let instance2: LaunchedInstance;
let session: TerminalSession;

beforeAll(async () => {
  server = await startSandboxServer();
  account = await server.newAccount();
  const client = { region: "us-east-1", endpoint: server.endpoint, credentials: account.credentials, maxAttempts: 1 };
  ec2 = new EC2Client(client);
  ssm = new SSMClient(client);
});
afterAll(async () => {
  closeAllSessions();
  await commandRunsSettled();
  await server.close();
});

describe("Lab 1: VPC peering", () => {
  it("Step 1: two public VPCs with non-overlapping CIDRs", async () => {
    vpc1 = await buildPublicNetwork(ec2, "10.1.0.0/16", "10.1.0.0/24");
    vpc2 = await buildPublicNetwork(ec2, "10.2.0.0/16", "10.2.0.0/24");
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [vpc1.routeTableId] }));
    expect(RouteTables![0].Routes).toEqual([
      { DestinationCidrBlock: "10.1.0.0/16", GatewayId: "local", Origin: "CreateRouteTable", State: "active" },
      { DestinationCidrBlock: "0.0.0.0/0", GatewayId: vpc1.internetGatewayId, Origin: "CreateRoute", State: "active" },
    ]);
  });

  it("Step 2: the peering request is accepted and becomes active", async () => {
    const { VpcPeeringConnection } = await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpc1.vpcId, PeerVpcId: vpc2.vpcId }));
    peeringId = VpcPeeringConnection!.VpcPeeringConnectionId!;
    expect(VpcPeeringConnection!.Status!.Code).toBe("initiating-request");
    const pending = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [peeringId] }));
    expect(pending.VpcPeeringConnections![0].Status!.Code).toBe("pending-acceptance");
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peeringId }));
    const active = await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [peeringId] }));
    expect(active.VpcPeeringConnections![0].Status!.Code).toBe("active");
  });

  it("Step 3: a route each way through the peering connection (the first surprise); a duplicate is RouteAlreadyExists", async () => {
    const env = cliEnv(account, server.endpoint);
    const created = await runAwsCli(["ec2", "create-route", "--route-table-id", vpc1.routeTableId, "--destination-cidr-block", "10.2.0.0/16", "--vpc-peering-connection-id", peeringId], env);
    expect(JSON.parse(created.stdout)).toEqual({ Return: true });
    const duplicate = await runAwsCli(["ec2", "create-route", "--route-table-id", vpc1.routeTableId, "--destination-cidr-block", "10.2.0.0/16", "--vpc-peering-connection-id", peeringId], env);
    expect(duplicate.code).toBe(254);
    expect(duplicate.stderr).toBe("\nAn error occurred (RouteAlreadyExists) when calling the CreateRoute operation: The route identified by 10.2.0.0/16 already exists.\n");
    await ec2.send(new CreateRouteCommand({ RouteTableId: vpc2.routeTableId, DestinationCidrBlock: "10.1.0.0/16", VpcPeeringConnectionId: peeringId }));
  });

  it("Step 4: an instance in each public subnet, with only a private address", async () => {
    instance1 = await launchInstance(ec2, vpc1);
    instance2 = await launchInstance(ec2, vpc2);
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance1.instanceId] }));
    expect(Reservations![0].Instances![0]).toMatchObject({ State: { Name: "running" }, PrivateIpAddress: instance1.privateIp });
    expect(Reservations![0].Instances![0].PublicIpAddress).toBeUndefined();
  });

  it("Steps 5/6: Instance Connect is refused without a public IPv4 address (the second surprise)", async () => {
    const refused = await openInstanceConnectSession(account.accountId, instance1.instanceId, "us-east-1");
    expect(refused).toEqual({ ok: false, reason: "no-public-ip", message: NO_PUBLIC_IPV4_MESSAGE });
  });

  it("Steps 5/6: with an Elastic IP the security group decides; with SSH from the Instance Connect range the shell opens", async () => {
    const { AllocationId, PublicIp } = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    await ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: instance1.instanceId }));
    const blocked = await openInstanceConnectSession(account.accountId, instance1.instanceId, "us-east-1");
    expect(blocked).toEqual({
      ok: false,
      reason: "security-group",
      message: `The instance's security group ${vpc1.defaultGroupId} does not allow SSH (TCP port 22) from EC2 Instance Connect (18.206.107.24/29).`,
    });
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: vpc1.defaultGroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "18.206.107.24/29" }] }] }),
    );
    session = await connect(account.accountId, instance1.instanceId);
    const prompt = `[ec2-user@ip-${instance1.privateIp.replaceAll(".", "-")} ~]$ `;
    expect(session.transcript().endsWith(prompt)).toBe(true);
    expect(session.transcript()).toContain("Amazon Linux 2023");
    expect(PublicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("Step 7: ping to instance 2 loses every packet until its security group allows ICMP (the third surprise)", async () => {
    const viaSsm = await runShell(ssm, instance1.instanceId, [`ping -c 4 ${instance2.privateIp}`]);
    expect(viaSsm).toMatchObject({ Status: "Failed", ResponseCode: 1 });
    expect(viaSsm.StandardOutputContent).toMatch(totalLossPattern(instance2.privateIp));
    expect(viaSsm.StandardErrorContent).toBe("failed to run commands: exit status 1");
    const onScreen = commandOutput(await typeLine(session, `ping -c 4 ${instance2.privateIp}`));
    expect(onScreen).toMatch(totalLossPattern(instance2.privateIp));
  });

  it("Step 7: after All ICMP - IPv4 from 10.1.0.0/16, four replies and the rtt line", async () => {
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: vpc2.defaultGroupId, IpPermissions: [{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16" }] }] }));
    const viaSsm = await runShell(ssm, instance1.instanceId, [`ping -c 4 ${instance2.privateIp}`]);
    expect(viaSsm).toMatchObject({ Status: "Success", ResponseCode: 0, StandardErrorContent: "" });
    expect(viaSsm.StandardOutputContent).toMatch(fullReplyPattern(instance2.privateIp));
    const onScreen = commandOutput(await typeLine(session, `ping -c 4 ${instance2.privateIp}`));
    expect(onScreen).toMatch(fullReplyPattern(instance2.privateIp));
  });

  it("Step 7: without the return route the replies are lost again (security groups are stateful, routes are not)", async () => {
    await ec2.send(new DeleteRouteCommand({ RouteTableId: vpc2.routeTableId, DestinationCidrBlock: "10.1.0.0/16" }));
    const lost = await runShell(ssm, instance1.instanceId, [`ping -c 4 ${instance2.privateIp}`]);
    expect(lost.StandardOutputContent).toMatch(totalLossPattern(instance2.privateIp));
    await ec2.send(new CreateRouteCommand({ RouteTableId: vpc2.routeTableId, DestinationCidrBlock: "10.1.0.0/16", VpcPeeringConnectionId: peeringId }));
    const back = await runShell(ssm, instance1.instanceId, [`ping -c 4 ${instance2.privateIp}`]);
    expect(back.StandardOutputContent).toMatch(fullReplyPattern(instance2.privateIp));
  });

  it("the session's shell is the instance's: hostname and logout", async () => {
    expect(commandOutput(await typeLine(session, "hostname"))).toBe(`ip-${instance1.privateIp.replaceAll(".", "-")}.ec2.internal\n`);
    session.input("exit\r");
    await session.idle();
    expect(session.closed).toBe(true);
    expect(session.transcript()).toMatch(new RegExp(`${escaped("exit")}\\r\\nlogout\\r\\n$`));
  });
});
