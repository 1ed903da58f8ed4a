import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/seeded-random";
import { generateTopology, randomQuestion } from "./generate";
import { analyzePacketPath } from "./packet-path";
import { indexSnapshot, type LabSnapshot, type SnapshotIndex } from "./lab-snapshot";
import type { Hop, PacketQuery, PacketVerdict } from "./types";

const topologyArbitrary = fc.record({ seed: fc.nat(), questionSeed: fc.nat(), editSeed: fc.nat() });

function smallTopology(seed: number): LabSnapshot {
  return generateTopology({ vpcs: 5, instancesPerVpc: 2, extraPeeringsPerVpc: 1, securityGroupRulesPerVpc: 4, networkAclRulesPerVpc: 7, seed });
}

function questions(snapshot: LabSnapshot, seed: number, count = 8): PacketQuery[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => randomQuestion(snapshot, random));
}

const ask = (snapshot: LabSnapshot, query: PacketQuery) => analyzePacketPath(indexSnapshot(snapshot), query);

const summary = (verdict: PacketVerdict) => ({ reachable: verdict.reachable, blockedAt: verdict.blockedAt?.componentId, explanation: verdict.explanation });

type Edit = (snapshot: LabSnapshot, random: () => number) => void;
const pickIndex = (random: () => number, length: number) => Math.floor(random() * length);

/** Allow-only additions: an open security group rule, a low-numbered NACL allow, or a route to an unrouted peer VPC. */
const widenings: Edit[] = [
  (s, random) => s.securityGroups[pickIndex(random, s.securityGroups.length)].IpPermissions?.push({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }),
  (s, random) => {
    const acl = s.networkAcls[pickIndex(random, s.networkAcls.length)];
    acl.Entries?.push({ RuleNumber: 1, Protocol: "-1", RuleAction: "allow", Egress: random() < 0.5, CidrBlock: "0.0.0.0/0" });
  },
  (s, random) => {
    const pcx = s.peeringConnections[pickIndex(random, s.peeringConnections.length)];
    for (const [own, other] of [[pcx.RequesterVpcInfo, pcx.AccepterVpcInfo], [pcx.AccepterVpcInfo, pcx.RequesterVpcInfo]]) {
      const table = s.routeTables.find((candidate) => candidate.VpcId === own?.VpcId);
      if (table && !table.Routes?.some((route) => route.DestinationCidrBlock === other?.CidrBlock)) {
        table.Routes?.push({ DestinationCidrBlock: other?.CidrBlock, VpcPeeringConnectionId: pcx.VpcPeeringConnectionId, State: "active" });
      }
    }
  },
];

/** Allow-only removals: a security group rule, a NACL allow entry, or a non-local route. */
const narrowings: Edit[] = [
  (s, random) => {
    const group = s.securityGroups[pickIndex(random, s.securityGroups.length)];
    group.IpPermissions?.splice(pickIndex(random, group.IpPermissions.length), 1);
  },
  (s, random) => {
    const acl = s.networkAcls[pickIndex(random, s.networkAcls.length)];
    const allows = (acl.Entries ?? []).filter((entry) => entry.RuleAction === "allow");
    const victim = allows[pickIndex(random, allows.length)];
    acl.Entries = acl.Entries?.filter((entry) => entry !== victim);
  },
  (s, random) => {
    const table = s.routeTables[pickIndex(random, s.routeTables.length)];
    const removable = (table.Routes ?? []).filter((route) => route.GatewayId !== "local");
    const victim = removable[pickIndex(random, removable.length)];
    table.Routes = table.Routes?.filter((route) => route !== victim);
  },
];

function shuffled<T>(items: T[] | undefined, random: () => number): T[] | undefined {
  if (!items) return items;
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function reorder(snapshot: LabSnapshot, random: () => number): LabSnapshot {
  const lists = ["vpcs", "subnets", "routeTables", "internetGateways", "peeringConnections", "securityGroups", "networkAcls", "instances"] as const;
  const copy = structuredClone(snapshot);
  for (const list of lists) (copy[list] as unknown[]) = shuffled(copy[list] as unknown[], random) ?? [];
  for (const table of copy.routeTables) table.Routes = shuffled(table.Routes, random);
  for (const acl of copy.networkAcls) acl.Entries = shuffled(acl.Entries, random);
  for (const group of copy.securityGroups) group.IpPermissions = shuffled(group.IpPermissions, random);
  return copy;
}

/** Whether two consecutive hops are physically connected in the snapshot. */
function adjacent(index: SnapshotIndex, a: Hop, b: Hop): boolean {
  const vpcOf = (hop: Hop): string | undefined => {
    if (hop.componentType === "security-group") return index.securityGroups.get(hop.componentId)?.VpcId;
    if (hop.componentType === "network-acl") return index.snapshot.networkAcls.find((acl) => acl.NetworkAclId === hop.componentId)?.VpcId;
    if (hop.componentType === "route-table") return index.routeTables.get(hop.componentId)?.table.VpcId;
    if (hop.componentType === "instance") return index.instances.get(hop.componentId)?.vpcId;
    return undefined;
  };
  const routesTo = (tableId: string, target: string) => index.routeTables.get(tableId)?.table.Routes?.some((route) => route.VpcPeeringConnectionId === target || route.GatewayId === target);
  const gatewayVpc = (id: string) => index.internetGateways.get(id)?.Attachments?.[0]?.VpcId;
  const pcxVpcs = (id: string) => [index.peeringConnections.get(id)?.RequesterVpcInfo?.VpcId, index.peeringConnections.get(id)?.AccepterVpcInfo?.VpcId];
  const pair = `${a.componentType}>${b.componentType}`;
  if (pair === "instance>security-group" || pair === "security-group>instance") {
    const instanceHop = a.componentType === "instance" ? a : b;
    const groupHop = a.componentType === "instance" ? b : a;
    return Boolean(index.instances.get(instanceHop.componentId)?.groupIds.includes(groupHop.componentId));
  }
  if (["security-group>network-acl", "network-acl>route-table", "network-acl>security-group", "security-group>route-table", "route-table>security-group", "route-table>network-acl"].includes(pair)) {
    return vpcOf(a) !== undefined && vpcOf(a) === vpcOf(b);
  }
  if (pair === "route-table>peering-connection" || pair === "route-table>internet-gateway") return Boolean(routesTo(a.componentId, b.componentId));
  if (pair === "peering-connection>network-acl" || pair === "peering-connection>security-group") return pcxVpcs(a.componentId).includes(vpcOf(b));
  if (pair === "internet-gateway>network-acl") return gatewayVpc(a.componentId) === vpcOf(b);
  if (pair === "internet-gateway>address" || pair === "address>internet-gateway") return true;
  return false;
}

const RUNS = { numRuns: 60 };

describe("reachability properties on generated topologies", () => {
  it("adding an allow rule or a route never turns reachable into unreachable", () => {
    fc.assert(
      fc.property(topologyArbitrary, ({ seed, questionSeed, editSeed }) => {
        const before = smallTopology(seed);
        const after = structuredClone(before);
        const random = seededRandom(editSeed);
        widenings[pickIndex(random, widenings.length)](after, random);
        for (const query of questions(before, questionSeed)) {
          if (ask(before, query).reachable) expect(ask(after, query).reachable).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("removing an allow rule or a route never turns unreachable into reachable", () => {
    fc.assert(
      fc.property(topologyArbitrary, ({ seed, questionSeed, editSeed }) => {
        const before = smallTopology(seed);
        const after = structuredClone(before);
        const random = seededRandom(editSeed);
        narrowings[pickIndex(random, narrowings.length)](after, random);
        for (const query of questions(before, questionSeed)) {
          if (!ask(before, query).reachable) expect(ask(after, query).reachable).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it("the verdict does not depend on the order of rules, routes or resources", () => {
    fc.assert(
      fc.property(topologyArbitrary, ({ seed, questionSeed, editSeed }) => {
        const snapshot = smallTopology(seed);
        const reordered = reorder(snapshot, seededRandom(editSeed));
        for (const query of questions(snapshot, questionSeed)) expect(summary(ask(reordered, query))).toEqual(summary(ask(snapshot, query)));
      }),
      RUNS,
    );
  });

  it("a path found is a real sequence of adjacent hops, forward then return", () => {
    let reachableSeen = 0;
    fc.assert(
      fc.property(topologyArbitrary, ({ seed, questionSeed }) => {
        const snapshot = smallTopology(seed);
        const index = indexSnapshot(snapshot);
        for (const query of questions(snapshot, questionSeed)) {
          const verdict = analyzePacketPath(index, query);
          if (!verdict.reachable) continue;
          reachableSeen++;
          const directions = verdict.hops.map((hop) => hop.direction);
          expect(directions.indexOf("return")).toBeGreaterThan(0);
          expect(directions.lastIndexOf("forward")).toBe(directions.indexOf("return") - 1);
          for (let n = 1; n < verdict.hops.length; n++) {
            expect(adjacent(index, verdict.hops[n - 1], verdict.hops[n]), `${verdict.hops[n - 1].componentId} -> ${verdict.hops[n].componentId}`).toBe(true);
          }
        }
      }),
      RUNS,
    );
    expect(reachableSeen).toBeGreaterThan(20);
  });
});
