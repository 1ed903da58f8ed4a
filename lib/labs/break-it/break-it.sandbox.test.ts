/**
 * Every Break it fault, applied to a lab completed by Do it for me: the lab's test fails at the hop
 * the fault names, and the analysis accepts two different fixes (the undo, and another one).
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteNetworkAclEntryCommand,
  DisassociateRouteTableCommand,
  ModifyVpcEndpointCommand,
  StartInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
} from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import type { AwsClients } from "@/lib/aws/clients";
import type { LabFaultChange } from "@/lib/db/schema";
import { doLabStep, doWholeLab } from "@/lib/labs/check";
import { lab1Resources } from "@/lib/labs/lab1/resources";
import { denyUnlessThroughEndpoint } from "@/lib/labs/lab2/policies";
import { lab2Bucket, lab2Endpoint, lab2Side } from "@/lib/labs/lab2/resources";
import { readSnapshot } from "@/lib/labs/read-account";
import type { LabId } from "@/lib/labs/steps";
import { recordTeardown, startNewLabRun } from "@/lib/labs/runs";
import { resetLab } from "@/lib/labs/teardown";
import { sandboxClients } from "@/lib/labs/testing";
import { commandRunsSettled } from "@/lib/sandbox/ssm/runner";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { putBucketPolicyAsOwner } from "./catalog";
import { applyFault, applyFaultToMany, checkFaultFix, currentChallenge, type FaultId, FAULTS, FaultRefusedError, showWhereItBreaks } from "./index";
import { latestFaultOf } from "./records";

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await commandRunsSettled();
  await server.close();
});

const WAITER = { maxWaitTime: 60, minDelay: 1, maxDelay: 1 };

interface Student {
  userId: string;
  clients: AwsClients;
}

/** A student whose lab is complete (Lab 2's student has the access key Step 3 asks for). */
async function studentWithCompletedLab(labId: LabId): Promise<Student> {
  const account = await server.newAccount();
  const clients = sandboxClients(server, account);
  if (labId === "vpc-endpoints") await clients.iam.send(new CreateAccessKeyCommand({ UserName: "lab-user" }));
  await doWholeLab(clients, labId);
  return { userId: account.userId, clients };
}

type Fix = (clients: AwsClients, snapshot: LabSnapshot, change: LabFaultChange) => Promise<unknown>;

async function startInstance2(clients: AwsClients, snapshot: LabSnapshot) {
  const instanceId = lab1Resources(snapshot).side2.instance!.InstanceId!;
  await clients.ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
  await waitUntilInstanceRunning({ client: clients.ec2, ...WAITER }, { InstanceIds: [instanceId] });
}

/** For each fault: the undo, and a different change that also makes the test pass. */
const FIXES: Record<FaultId, { undo: Fix; other: Fix; otherIs: string }> = {
  "peering-route-removed": {
    undo: (clients, snapshot) => {
      const { side1, side2, peering } = lab1Resources(snapshot);
      return clients.ec2.send(new CreateRouteCommand({ RouteTableId: side2.routeTable!.RouteTableId, DestinationCidrBlock: side1.vpc!.CidrBlock, VpcPeeringConnectionId: peering!.VpcPeeringConnectionId }));
    },
    otherIs: "a route to instance 1's subnet only (10.1.0.0/24), not the VPC",
    other: (clients, snapshot) => {
      const { side1, side2, peering } = lab1Resources(snapshot);
      return clients.ec2.send(new CreateRouteCommand({ RouteTableId: side2.routeTable!.RouteTableId, DestinationCidrBlock: side1.subnet!.CidrBlock, VpcPeeringConnectionId: peering!.VpcPeeringConnectionId }));
    },
  },
  "icmp-rule-deleted": {
    undo: (clients, snapshot) => {
      const { side1, side2 } = lab1Resources(snapshot);
      return clients.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: side2.securityGroup!.GroupId, IpPermissions: [{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: side1.vpc!.CidrBlock }] }] }));
    },
    otherIs: "all traffic from instance 1's address alone",
    other: (clients, snapshot) => {
      const { side1, side2 } = lab1Resources(snapshot);
      return clients.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: side2.securityGroup!.GroupId, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: `${side1.instance!.PrivateIpAddress}/32` }] }] }));
    },
  },
  "elastic-ip-disassociated": {
    undo: (clients, snapshot, change) =>
      clients.ec2.send(new AssociateAddressCommand({ AllocationId: change.ids.find((id) => id.startsWith("eipalloc-")), InstanceId: lab1Resources(snapshot).side1.instance!.InstanceId })),
    otherIs: "a new Elastic IP",
    other: async (clients, snapshot) => {
      const { AllocationId } = await clients.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
      return clients.ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: lab1Resources(snapshot).side1.instance!.InstanceId }));
    },
  },
  "nacl-denies-peer": {
    undo: (clients, _snapshot, change) => clients.ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: change.expectedHop.componentId, RuleNumber: 99, Egress: false })),
    otherIs: "an ICMP allow numbered before the deny",
    other: (clients, snapshot, change) =>
      clients.ec2.send(
        new CreateNetworkAclEntryCommand({ NetworkAclId: change.expectedHop.componentId, RuleNumber: 98, Protocol: "1", IcmpTypeCode: { Type: -1, Code: -1 }, RuleAction: "allow", Egress: false, CidrBlock: lab1Resources(snapshot).side1.vpc!.CidrBlock }),
      ),
  },
  "instance-2-stopped": {
    undo: startInstance2,
    otherIs: "instance 2 replaced by a new one (terminate, then Do it for me's Step 4)",
    other: async (clients, snapshot) => {
      const instanceId = lab1Resources(snapshot).side2.instance!.InstanceId!;
      await clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      await doLabStep(clients, "vpc-peering", "instances");
    },
  },
  "endpoint-policy-deny": {
    undo: (clients, snapshot) => clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: lab2Endpoint(snapshot)!.VpcEndpointId, ResetPolicy: true })),
    otherIs: "a policy allowing only listing and reading the lab's bucket",
    other: (clients, snapshot) => {
      const bucket = lab2Bucket(snapshot)!.name;
      const policy = { Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:ListBucket", "s3:GetObject"], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }] };
      return clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: lab2Endpoint(snapshot)!.VpcEndpointId, PolicyDocument: JSON.stringify(policy) }));
    },
  },
  "endpoint-route-table-dropped": {
    undo: (clients, snapshot) => clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: lab2Endpoint(snapshot)!.VpcEndpointId, AddRouteTableIds: [lab2Side(snapshot).routeTable!.RouteTableId!] })),
    otherIs: "a new route table for the subnet, with the internet route and the endpoint",
    other: async (clients, snapshot) => {
      const side = lab2Side(snapshot);
      const { RouteTable } = await clients.ec2.send(new CreateRouteTableCommand({ VpcId: side.vpc!.VpcId }));
      const table = RouteTable!.RouteTableId!;
      await clients.ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: side.internetGateway!.InternetGatewayId }));
      await clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: lab2Endpoint(snapshot)!.VpcEndpointId, AddRouteTableIds: [table] }));
      const association = side.routeTable!.Associations!.find((candidate) => candidate.SubnetId === side.subnet!.SubnetId)!;
      await clients.ec2.send(new DisassociateRouteTableCommand({ AssociationId: association.RouteTableAssociationId }));
      await clients.ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: side.subnet!.SubnetId }));
    },
  },
  "bucket-policy-wrong-vpce": {
    undo: (clients, snapshot) => {
      const bucket = lab2Bucket(snapshot)!.name;
      return putBucketPolicyAsOwner(clients, bucket, denyUnlessThroughEndpoint(bucket, lab2Endpoint(snapshot)!.VpcEndpointId!), undefined);
    },
    otherIs: "a policy locking the bucket to the VPC (aws:SourceVpc) instead of the endpoint",
    other: (clients, snapshot) => {
      const bucket = lab2Bucket(snapshot)!.name;
      const vpcId = lab2Side(snapshot).vpc!.VpcId!;
      return putBucketPolicyAsOwner(clients, bucket, denyUnlessThroughEndpoint(bucket, "unused").replace('"aws:SourceVpce":"unused"', `"aws:SourceVpc":"${vpcId}"`), undefined);
    },
  },
};

async function expectBrokenAt(student: Student, labId: LabId, change: LabFaultChange) {
  const { outcome, challenge } = await showWhereItBreaks(student.userId, student.clients, labId);
  expect(outcome.passing).toBe(false);
  expect(outcome.blockedAt).toMatchObject({ componentType: change.expectedHop.componentType, componentId: change.expectedHop.componentId, verdict: "deny" });
  return challenge;
}

async function expectFixAccepted(student: Student, labId: LabId, fix: Fix, change: LabFaultChange) {
  const unfixed = await checkFaultFix(student.userId, student.clients, labId);
  expect(unfixed.test.passing).toBe(false);
  expect(unfixed.challenge.fixed).toBe(false);
  await fix(student.clients, await readSnapshot(student.clients, labId === "vpc-endpoints"), change);
  const fixed = await checkFaultFix(student.userId, student.clients, labId);
  expect(fixed.test.passing).toBe(true);
  expect(fixed.challenge).toMatchObject({ fixed: true, whatBroke: change.summary, closedBy: "fixed" });
  expect(fixed.challenge.secondsToFix).toBeGreaterThanOrEqual(0);
}

describe.each(FAULTS.map((fault) => [fault.id, fault] as const))("fault %s", (faultId, fault) => {
  it(`breaks ${fault.test} at the ${fault.hopType} it names; the undo and ${FIXES[faultId].otherIs} both fix it`, async () => {
    const student = await studentWithCompletedLab(fault.labId);
    for (const fix of [FIXES[faultId].undo, FIXES[faultId].other]) {
      const challenge = await applyFault(student, { labId: fault.labId, fault: faultId, appliedBy: student.userId });
      expect(challenge).toMatchObject({ symptom: expect.stringMatching(/^Something broke: /), test: fault.test, appliedBy: "self", fixed: false, helpRequests: 0 });
      expect(challenge.whatBroke).toBeUndefined();
      const row = (await latestFaultOf(student.userId, fault.labId))!;
      expect(row.change.expectedHop.componentType).toBe(fault.hopType);
      expect((await expectBrokenAt(student, fault.labId, row.change)).helpRequests).toBe(1);
      await expectFixAccepted(student, fault.labId, fix, row.change);
    }
  }, 120_000);
});

describe("Break it records", () => {
  it("refuses a second challenge while one is open, refuses a lab that does not work; a reset or a teardown closes the open one", async () => {
    const student = await studentWithCompletedLab("vpc-peering");
    await applyFault(student, { labId: "vpc-peering", fault: "instance-2-stopped", appliedBy: student.userId });
    const again = applyFault(student, { labId: "vpc-peering", fault: "icmp-rule-deleted", appliedBy: student.userId });
    await expect(again).rejects.toMatchObject({ code: "ChallengeInProgress" });
    // What the reset action does: a new run, then the lab rebuilt to the start of the step.
    await startNewLabRun(student.userId, "vpc-peering");
    await resetLab(student.clients, "vpc-peering", 6);
    expect(await currentChallenge(student.userId, "vpc-peering")).toMatchObject({ fixed: false, closedBy: "reset", whatBroke: expect.stringMatching(/^Stopped instance 2 i-/) });
    await doLabStep(student.clients, "vpc-peering", "ping");
    await applyFault(student, { labId: "vpc-peering", fault: "icmp-rule-deleted", appliedBy: student.userId });
    await recordTeardown(student.userId, "vpc-peering", { at: new Date().toISOString(), reason: "student", deleted: [], left: [] });
    expect(await currentChallenge(student.userId, "vpc-peering")).toMatchObject({ closedBy: "teardown" });

    const fresh = sandboxClients(server, await server.newAccount());
    const refused = applyFault({ userId: (await server.newAccount()).userId, clients: fresh }, { labId: "vpc-peering", fault: "icmp-rule-deleted", appliedBy: "x" });
    await expect(refused).rejects.toBeInstanceOf(FaultRefusedError);
    await expect(refused).rejects.toMatchObject({ code: "LabNotWorking" });
  }, 120_000);

  it("starts a Lab 2 challenge from Step 7's working lab: Step 8's deny-all endpoint policy is reset first", async () => {
    const student = await studentWithCompletedLab("vpc-endpoints");
    await applyFault(student, { labId: "vpc-endpoints", fault: "bucket-policy-wrong-vpce", appliedBy: student.userId });
    const endpoint = lab2Endpoint(await readSnapshot(student.clients, true))!;
    expect(JSON.parse(endpoint.PolicyDocument!)).toEqual({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });
  }, 120_000);

  it("applies a random fault each to many students, reports those it cannot break, and records the rest in one go", async () => {
    const students = await Promise.all([0, 1, 2].map(() => studentWithCompletedLab("vpc-peering")));
    const idle = { userId: (await server.newAccount()).userId, clients: sandboxClients(server, await server.newAccount()) };
    const outcomes = await applyFaultToMany([...students, idle], { labId: "vpc-peering", fault: "random", appliedBy: students[0].userId, random: () => 0.5 });
    expect(outcomes.slice(0, 3).map((outcome) => outcome.ok)).toEqual([true, true, true]);
    expect(outcomes[3]).toMatchObject({ ok: false, error: { code: "LabNotWorking" } });
    for (const outcome of outcomes.slice(0, 3)) if (outcome.ok) expect(outcome.challenge.appliedBy).toBe(outcome.userId === students[0].userId ? "self" : "instructor");
    const second = await applyFaultToMany(students, { labId: "vpc-peering", fault: "nacl-denies-peer", appliedBy: "instructor" });
    expect(second.map((outcome) => !outcome.ok && outcome.error.code)).toEqual(["ChallengeInProgress", "ChallengeInProgress", "ChallengeInProgress"]);
  }, 120_000);
});
