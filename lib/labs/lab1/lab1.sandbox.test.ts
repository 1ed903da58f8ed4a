import { AuthorizeSecurityGroupIngressCommand, CreateInternetGatewayCommand, DescribeInstancesCommand, DescribeInternetGatewaysCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsClients } from "@/lib/aws/clients";
import { checkAllSteps, checkLab, doLabStep, doWholeLab, readLabContext } from "@/lib/labs/check";
import { emptyReport } from "@/lib/labs/steps";
import { readSnapshot } from "@/lib/labs/read-account";
import { labTagSpecifications } from "@/lib/labs/tags";
import { resetLab, teardownLab } from "@/lib/labs/teardown";
import { sandboxClients } from "@/lib/labs/testing";
import { connect, FAST_TIMERS, typeLine } from "@/lib/sandbox/scenarios/driver";
import { closeAllSessions, openInstanceConnectSession } from "@/lib/sandbox/sessions";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { ensurePublicAddress, ensureSshFromInstanceConnect } from "@/lib/labs/shared/build-instance";
import { lab1 } from "./index";
import { lab1Resources } from "./resources";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  closeAllSessions();
  await commandRunsSettled();
  await server.close();
});

/** Step 5's console work without its connection: the Elastic IP and the SSH rule (as Do it for me builds them). */
async function buildConnectRules(clients: AwsClients): Promise<void> {
  const snapshot = await readSnapshot(clients);
  const { side1 } = lab1Resources(snapshot);
  await ensureSshFromInstanceConnect(clients, side1.securityGroup, emptyReport());
  await ensurePublicAddress(clients, snapshot, side1.instance!, { lab: "vpc-peering", role: "eip-1", name: "lab1-eip-1" }, emptyReport());
}

async function addIcmpRule(clients: AwsClients, groupId: string): Promise<void> {
  await clients.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.1.0.0/16" }] }] }));
}

async function freshClients(): Promise<AwsClients> {
  return sandboxClients(server, await server.newAccount());
}

/** What the account holds, by kind, as the SDK lists it (default VPC included). */
async function inventory(clients: AwsClients) {
  const snapshot = await readSnapshot(clients);
  const live = snapshot.instances.filter((instance) => instance.State?.Name !== "terminated");
  return {
    vpcs: snapshot.vpcs.map((vpc) => `${vpc.CidrBlock}${vpc.IsDefault ? " (default)" : ""}`).sort(),
    peerings: snapshot.peeringConnections.filter((pcx) => pcx.Status?.Code !== "deleted").map((pcx) => pcx.Status?.Code),
    nonDefaultSubnets: snapshot.subnets.filter((subnet) => !subnet.DefaultForAz).map((subnet) => subnet.CidrBlock).sort(),
    instances: live.length,
    addresses: snapshot.addresses.length,
    securityGroups: snapshot.securityGroups.filter((group) => group.GroupName !== "default").length,
    peeringRoutes: snapshot.routeTables.flatMap((table) => (table.Routes ?? []).filter((route) => route.VpcPeeringConnectionId)).length,
    gateways: snapshot.internetGateways.length,
  };
}

const ONLY_DEFAULT = { vpcs: ["172.31.0.0/16 (default)"], peerings: [], nonDefaultSubnets: [], instances: 0, addresses: 0, securityGroups: 0, peeringRoutes: 0, gateways: 1 };

describe("Lab 1 on the sandbox", () => {
  it("does the whole lab, every check passes, and a second run creates nothing", async () => {
    const clients = await freshClients();
    const first = await doWholeLab(clients, "vpc-peering");
    expect(first.created).toHaveLength(22);
    const results = await checkAllSteps(lab1, await readLabContext(clients, lab1));
    expect(Object.fromEntries(Object.entries(results).map(([id, result]) => [id, result.done]))).toEqual({
      vpcs: true,
      peering: true,
      routes: true,
      instances: true,
      connect: true,
      ping: true,
    });
    const second = await doWholeLab(clients, "vpc-peering");
    expect(second.created).toEqual([]);
    // What is left to do again is the student's doing: connect and ping, run for them through Run Command.
    expect(second.notes).toEqual([expect.stringMatching(/^Ran `whoami` on i-\w+: ec2-user$/), expect.stringMatching(/^Ran `ping -c 1 10\.2\.0\.\d+` on i-\w+: rtt /)]);
  });

  it("ticks the connect and ping steps only once the student connected and pinged, with their runs as evidence", async () => {
    const account = await server.newAccount();
    const clients = sandboxClients(server, account);
    for (const step of ["vpcs", "peering", "routes", "instances"]) await doLabStep(clients, "vpc-peering", step);
    const before = (await checkLab(clients, "vpc-peering")).results;
    // Nothing tried yet: the refusal and its explanation are not given away.
    expect(before.connect).toEqual({ done: false, findings: ["Select instance 1 and choose Connect > EC2 Instance Connect."] });
    expect(before.ping).toEqual({ done: false, findings: ["In instance 1's terminal, run ping -c 4 followed by instance 2's private IP."] });

    const snapshot = await readSnapshot(clients);
    const [one, two] = ["lab1-instance-1", "lab1-instance-2"].map((name) => snapshot.instances.find((instance) => instance.Tags?.some((tag) => tag.Key === "Name" && tag.Value === name))!);
    const refused = await openInstanceConnectSession(account.accountId, one.InstanceId!, "us-east-1", { timers: FAST_TIMERS });
    expect(refused.ok).toBe(false);
    const met = (await checkLab(clients, "vpc-peering")).results.connect;
    expect(met.done).toBe(false);
    // AWS's message once in the refusal's sentence and once in its moment, not again as a finding.
    const refusal = "No public IPv4 address assigned — With no public IPv4 address, you can't use EC2 Instance Connect.";
    expect(met.evidence?.summary).toMatch(/^EC2 Instance Connect refused lab1-instance-1 \(i-[0-9a-f]+\) at \d\d:\d\d UTC: No public IPv4 address assigned/);
    expect(met.moment).toMatchObject({ title: "EC2 Instance Connect refuses to connect", output: refusal });
    expect(met.findings.join("\n")).not.toContain(refusal);

    await buildConnectRules(clients);
    expect((await checkLab(clients, "vpc-peering")).results.connect.done).toBe(false);
    const session = await connect(account.accountId, one.InstanceId!);
    const connected = (await checkLab(clients, "vpc-peering")).results.connect;
    expect(connected.done).toBe(true);
    expect(connected.evidence?.summary).toMatch(new RegExp(`^You connected to lab1-instance-1 \\(${one.InstanceId}\\) with EC2 Instance Connect at \\d\\d:\\d\\d UTC\\.$`));

    await typeLine(session, `ping -c 4 ${two.PrivateIpAddress}`);
    const failed = (await checkLab(clients, "vpc-peering")).results.ping;
    const group = snapshot.securityGroups.find((candidate) => candidate.GroupName === "lab1-instance-2-sg")!;
    expect(failed.done).toBe(false);
    expect(failed.moment?.title).toBe("The ping gets no answer");
    // The failure in words once, and in the moment what the terminal showed (it said the sentence again).
    expect(failed.evidence?.summary).toMatch(new RegExp(`^You ran \`ping -c 4 [0-9.]+\` on lab1-instance-1 \\(${one.InstanceId}\\) at \\d\\d:\\d\\d UTC: no reply`));
    expect(failed.moment?.output).toMatch(/^\$ ping -c 4 [0-9.]+\nPING [0-9.]+ .*\n[\s\S]*4 packets transmitted, 0 received, 100% packet loss/);
    expect(failed.moment?.verdict).toBe(`Security group lab1-instance-2-sg (${group.GroupId}) has no inbound rule allowing ICMP from 10.1.0.0/16.`);

    await addIcmpRule(clients, group.GroupId!);
    expect((await checkLab(clients, "vpc-peering")).results.ping.done).toBe(false);
    await typeLine(session, `ping -c 4 ${two.PrivateIpAddress}`);
    const pinged = (await checkLab(clients, "vpc-peering")).results.ping;
    expect(pinged.done).toBe(true);
    expect(pinged.evidence?.summary).toMatch(new RegExp(`^You ran \`ping -c 4 ${two.PrivateIpAddress!.replace(/\./g, "\\.")}\` on lab1-instance-1 \\(${one.InstanceId}\\) at \\d\\d:\\d\\d UTC: 0% packet loss$`));
    session.close();
  });

  it("reuses the internet gateway a step 1 that failed halfway created but did not attach", async () => {
    const clients = await freshClients();
    const leftover = await clients.ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: labTagSpecifications("internet-gateway", "vpc-peering", "igw-1", "lab1-vpc-1-igw") }));
    const leftoverId = leftover.InternetGateway!.InternetGatewayId!;
    await lab1.steps[0].doIt(clients);
    const { side1 } = lab1Resources(await readSnapshot(clients));
    expect(side1.internetGateway?.InternetGatewayId).toBe(leftoverId);
    const gateways = await clients.ec2.send(new DescribeInternetGatewaysCommand({}));
    expect(gateways.InternetGateways!.filter((gateway) => (gateway.Attachments ?? []).length === 0)).toEqual([]);
  });

  it("resets to step 3: exactly the VPCs and the peering connection remain", async () => {
    const clients = await freshClients();
    await doWholeLab(clients, "vpc-peering");
    const report = await resetLab(clients, "vpc-peering", 3);
    expect(report.left).toEqual([]);
    expect(await inventory(clients)).toEqual({
      vpcs: ["10.1.0.0/16", "10.2.0.0/16", "172.31.0.0/16 (default)"],
      peerings: ["active"],
      nonDefaultSubnets: ["10.1.0.0/24", "10.2.0.0/24"],
      instances: 0,
      addresses: 0,
      securityGroups: 0,
      peeringRoutes: 0,
      gateways: 3,
    });
    const results = await checkAllSteps(lab1, await readLabContext(clients, lab1));
    expect([results.vpcs.done, results.peering.done, results.routes.done, results.instances.done]).toEqual([true, true, false, false]);
  });

  it("resets to step 5 from an empty account by building steps 1 to 4", async () => {
    const clients = await freshClients();
    const report = await resetLab(clients, "vpc-peering", 5);
    expect(report.deleted).toEqual([]);
    const results = await checkAllSteps(lab1, await readLabContext(clients, lab1));
    expect(lab1.steps.map((step) => results[step.id].done)).toEqual([true, true, true, true, false, false]);
  });

  it("tears down to only the default VPC, and a second teardown finds nothing", async () => {
    const clients = await freshClients();
    await doWholeLab(clients, "vpc-peering");
    const report = await teardownLab(clients, "vpc-peering");
    expect(report.left).toEqual([]);
    expect(report.deleted).toHaveLength(17);
    expect(await inventory(clients)).toEqual(ONLY_DEFAULT);
    expect(await teardownLab(clients, "vpc-peering")).toEqual({ deleted: [], left: [] });
  });

  it("finishes a teardown that failed halfway when it is run again", async () => {
    const clients = await freshClients();
    await doWholeLab(clients, "vpc-peering");
    let deletes = 0;
    const failing = new EC2Client({ region: "us-east-1", endpoint: server.endpoint, credentials: await clients.ec2.config.credentials(), maxAttempts: 1 });
    const send = failing.send.bind(failing) as (command: unknown) => Promise<unknown>;
    failing.send = ((command: { constructor: { name: string } }) => {
      if (/^Delete(Subnet)Command$/.test(command.constructor.name) && ++deletes === 1) {
        return Promise.reject(Object.assign(new Error("The service is unavailable."), { name: "ServiceUnavailable" }));
      }
      return send(command);
    }) as typeof failing.send;
    const broken = await teardownLab({ ...clients, ec2: failing }, "vpc-peering");
    expect(broken.left[0]).toEqual({ id: expect.stringMatching(/^subnet-/), reason: "ServiceUnavailable: The service is unavailable." });
    // What does not need the subnet gone (the internet gateways, the security groups) went in the same round;
    // only the VPCs, which need it gone, were not attempted.
    expect(broken.left.map((entry) => entry.id.split("-")[0]).sort()).toEqual(["subnet", "vpc", "vpc"]);
    expect(broken.left.slice(1).every((entry) => entry.reason.startsWith("not attempted:"))).toBe(true);
    const retried = await teardownLab(clients, "vpc-peering");
    expect(retried.left).toEqual([]);
    expect(retried.deleted.map((id) => id.split("-")[0]).sort()).toEqual(["subnet", "vpc", "vpc"]);
    expect(await inventory(clients)).toEqual(ONLY_DEFAULT);
    const instances = await clients.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running", "pending"] }] }));
    expect(instances.Reservations ?? []).toEqual([]);
  });
});
