import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AwsClients } from "@/lib/aws/clients";
import { checkAllSteps, checkLab, doLabStep, doWholeLab, readLabContext } from "@/lib/labs/check";
import { readSnapshot } from "@/lib/labs/steps";
import { resetLab, teardownLab } from "@/lib/labs/teardown";
import { sandboxClients } from "@/lib/labs/testing";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { lab1 } from "./index";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await server.close();
});

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
    expect(second).toEqual({ created: [], notes: [] });
  });

  it("runs the ping test on instance 1 through SSM and it gets its replies", async () => {
    const clients = await freshClients();
    await doWholeLab(clients, "vpc-peering");
    const { results, test } = await checkLab(clients, "vpc-peering", "ping");
    expect(results.ping.done).toBe(true);
    expect(test?.command).toMatch(/^ping -c 4 10\.2\.0\.\d+$/);
    expect(test?.shell?.stdout).toContain("4 packets transmitted, 4 received, 0% packet loss");
  });

  it("meets the failed ping before the ICMP rule, with the security group named", async () => {
    const clients = await freshClients();
    for (const step of ["vpcs", "peering", "routes", "instances", "connect"]) await doLabStep(clients, "vpc-peering", step);
    const { results, test } = await checkLab(clients, "vpc-peering", "ping");
    const snapshot = await readSnapshot(clients);
    const group = snapshot.securityGroups.find((candidate) => candidate.GroupName === "lab1-instance-2-sg")!;
    expect(results.ping.done).toBe(false);
    expect(results.ping.moment?.title).toBe("The ping gets no answer");
    expect(results.ping.moment?.verdict).toBe(`Security group ${group.GroupId} has no inbound rule allowing ICMP from 10.1.0.0/16.`);
    expect(results.ping.moment?.fix).toBe(`Add an inbound rule to ${group.GroupId} allowing ICMP from 10.1.0.0/16.`);
    expect(test?.shell?.stdout).toContain("100% packet loss");
    expect(results.ping.moment?.output).toContain("100% packet loss");
  });

  it("meets the Instance Connect refusal before the Elastic IP", async () => {
    const clients = await freshClients();
    for (const step of ["vpcs", "peering", "routes", "instances"]) await doLabStep(clients, "vpc-peering", step);
    const { results } = await checkLab(clients, "vpc-peering");
    expect(results.connect.done).toBe(false);
    expect(results.connect.findings[0]).toBe("No public IPv4 address assigned — With no public IPv4 address, you can't use EC2 Instance Connect.");
    expect(results.connect.moment?.title).toBe("EC2 Instance Connect refuses to connect");
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
    expect(broken.left.map((entry) => entry.id.split("-")[0]).sort()).toEqual(["igw", "igw", "sg", "sg", "subnet", "vpc", "vpc"]);
    expect(broken.left.slice(1).every((entry) => entry.reason.startsWith("not attempted:"))).toBe(true);
    const retried = await teardownLab(clients, "vpc-peering");
    expect(retried.left).toEqual([]);
    expect(retried.deleted.map((id) => id.split("-")[0]).sort()).toEqual(["igw", "igw", "sg", "sg", "subnet", "vpc", "vpc"]);
    expect(await inventory(clients)).toEqual(ONLY_DEFAULT);
    const instances = await clients.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running", "pending"] }] }));
    expect(instances.Reservations ?? []).toEqual([]);
  });
});
