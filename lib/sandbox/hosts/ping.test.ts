import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import type { LabSnapshot } from "@/lib/analysis";
import { statisticsText, formatReplyTime, parsePingArgs } from "./ping";
import { runScript } from "./run-script";
import { fakeServices } from "./testing";
import { worldOf } from "./world-from-snapshot";

function broken(change: (snapshot: LabSnapshot) => void): LabSnapshot {
  const snapshot = structuredClone(lab1Snapshot());
  change(snapshot);
  return snapshot;
}

const withoutIcmpRule = broken((s) => {
  const group = s.securityGroups.find((g) => g.GroupId === LAB1.sg2)!;
  group.IpPermissions = group.IpPermissions!.filter((rule) => rule.IpProtocol !== "icmp");
});

async function ping(snapshot: LabSnapshot, command = "ping -c 4 10.2.0.25") {
  return runScript(worldOf(snapshot), fakeServices(), LAB1.instance1, command);
}

describe("ping from instance 1 (Lab 1 Step 7)", () => {
  it("prints the header, nothing, then 100% loss when instance 2's security group drops ICMP", async () => {
    const result = await ping(withoutIcmpRule);
    expect(result.stdout).toBe(
      "PING 10.2.0.25 (10.2.0.25) 56(84) bytes of data.\n\n--- 10.2.0.25 ping statistics ---\n4 packets transmitted, 0 received, 100% packet loss, time 3043ms\n\n",
    );
    expect(result.exitCode).toBe(1);
    // ping lingers 10 s for late replies after its last packet.
    expect(result.durationMs).toBe(13043);
  });

  it("prints four replies and the rtt summary once ICMP from 10.1.0.0/16 is allowed", async () => {
    const result = await ping(lab1Snapshot());
    expect(result.stdout).toBe(
      [
        "PING 10.2.0.25 (10.2.0.25) 56(84) bytes of data.",
        "64 bytes from 10.2.0.25: icmp_seq=1 ttl=64 time=0.346 ms",
        "64 bytes from 10.2.0.25: icmp_seq=2 ttl=64 time=0.428 ms",
        "64 bytes from 10.2.0.25: icmp_seq=3 ttl=64 time=0.466 ms",
        "64 bytes from 10.2.0.25: icmp_seq=4 ttl=64 time=0.364 ms",
        "",
        "--- 10.2.0.25 ping statistics ---",
        "4 packets transmitted, 4 received, 0% packet loss, time 3050ms",
        "rtt min/avg/max/mdev = 0.346/0.401/0.466/0.048 ms",
        "",
      ].join("\n"),
    );
    expect(result.exitCode).toBe(0);
  });

  const breaks: [string, LabSnapshot][] = [
    ["no route to VPC 2 in VPC 1's table", broken((s) => (s.routeTables.find((t) => t.RouteTableId === LAB1.rtb1)!.Routes = s.routeTables.find((t) => t.RouteTableId === LAB1.rtb1)!.Routes!.filter((r) => !r.VpcPeeringConnectionId)))],
    ["no return route in VPC 2's table", broken((s) => (s.routeTables.find((t) => t.RouteTableId === LAB1.rtb2)!.Routes = s.routeTables.find((t) => t.RouteTableId === LAB1.rtb2)!.Routes!.filter((r) => !r.VpcPeeringConnectionId)))],
    ["peering not accepted", broken((s) => (s.peeringConnections[0].Status = { Code: "pending-acceptance", Message: "Pending Acceptance by 111122223333" }))],
    [
      "network ACL deny on the reply path",
      broken((s) => s.networkAcls.find((a) => a.NetworkAclId === LAB1.acl2)!.Entries!.push({ CidrBlock: "10.1.0.0/16", Egress: true, Protocol: "1", RuleAction: "deny", RuleNumber: 50 })),
    ],
    ["instance 2 stopped", broken((s) => (s.instances.find((i) => i.InstanceId === LAB1.instance2)!.State = { Code: 80, Name: "stopped" }))],
  ];

  it.each(breaks.map(([name, snapshot]) => ({ name, snapshot })))("shows 100% loss with $name", async ({ snapshot }) => {
    const result = await ping(snapshot);
    expect(result.stdout).toMatch(/^PING 10\.2\.0\.25 \(10\.2\.0\.25\) 56\(84\) bytes of data\.\n\n--- 10\.2\.0\.25 ping statistics ---\n4 packets transmitted, 0 received, 100% packet loss, time \d+ms\n\n$/);
    expect(result.exitCode).toBe(1);
  });

  it("answers by name for EC2 private DNS names, and fails on names nobody resolves", async () => {
    const named = await ping(lab1Snapshot(), "ping -c 1 ip-10-2-0-25.ec2.internal");
    expect(named.stdout).toMatch(/^PING ip-10-2-0-25\.ec2\.internal \(10\.2\.0\.25\) 56\(84\) bytes of data\.\n64 bytes from ip-10-2-0-25\.ec2\.internal \(10\.2\.0\.25\): icmp_seq=1 ttl=64 time=0\.\d{3} ms\n/);
    const unknown = await ping(lab1Snapshot(), "ping -c 1 foo");
    expect(unknown).toMatchObject({ stdout: "", stderr: "ping: foo: Name or service not known\n", exitCode: 2 });
  });

  it("uses -i for the interval and -W for the wait after the last packet", async () => {
    const result = await ping(withoutIcmpRule, "ping -c 3 -i 2 -W 1 10.2.0.25");
    expect(result.stdout).toMatch(/3 packets transmitted, 0 received, 100% packet loss, time 40\d\dms\n\n$/);
    expect(result.durationMs).toBeGreaterThan(5000);
    expect(result.durationMs).toBeLessThan(5100);
  });

  it("runs until SSM's execution timeout when -c is missing, and is killed without statistics", async () => {
    const result = await runScript(worldOf(lab1Snapshot()), fakeServices(), LAB1.instance1, "ping 10.2.0.25", { timeoutSeconds: 10 });
    expect(result).toMatchObject({ timedOut: true, exitCode: -1, durationMs: 10_000 });
    expect(result.stdout.split("\n").filter((line) => line.startsWith("64 bytes"))).toHaveLength(10);
    expect(result.stdout).not.toContain("statistics");
  });
});

describe("iputils formats", () => {
  it("computes mdev with iputils' integer arithmetic", () => {
    expect(statisticsText("h", { transmitted: 4, received: 4, rtts: [412, 388, 401, 403], elapsedMs: 3050.4 })).toBe(
      "\n--- h ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time 3050ms\nrtt min/avg/max/mdev = 0.388/0.401/0.412/0.008 ms\n",
    );
  });

  it("prints loss like C's %g", () => {
    expect(statisticsText("h", { transmitted: 3, received: 2, rtts: [1000, 3000], elapsedMs: 2001 })).toContain("3 packets transmitted, 2 received, 33.3333% packet loss, time 2001ms\nrtt min/avg/max/mdev = 1.000/2.000/3.000/1.000 ms\n");
  });

  it("narrows the reply time's decimals as it grows", () => {
    expect([formatReplyTime(412), formatReplyTime(1234), formatReplyTime(12345), formatReplyTime(123456)]).toEqual(["0.412", "1.23", "12.3", "123"]);
  });

  it("rejects bad options the way iputils does", () => {
    expect(parsePingArgs(["-c", "abc", "10.2.0.25"], false)).toEqual({ kind: "error", message: "ping: invalid argument: 'abc'\n", status: 1 });
    expect(parsePingArgs(["-i", "0.1", "10.2.0.25"], false)).toMatchObject({ kind: "error", status: 2 });
    expect(parsePingArgs([], false)).toEqual({ kind: "error", message: "ping: usage error: Destination address required\n", status: 1 });
  });
});
