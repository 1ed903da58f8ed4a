import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AwsError } from "@/lib/sandbox/core/errors";
import type { DelaySettings } from "@/lib/sandbox/core/types";
import { AMAZON_IMAGES } from "./catalog";
import { initialEc2State } from "./default-vpc";
import { runInstances, startInstances, stopInstances, terminateInstances } from "./instances";
import { acceptPeering, createPeering, deletePeering, PEERING_REQUEST_LIFETIME_MS, rejectPeering } from "./peering";
import { advanceEc2State, ec2TransitionsDue } from "./time";
import { createVpc } from "./vpcs";

const DELAYS: DelaySettings = { instancePendingMs: 4000, instanceStoppingMs: 3000, instanceShuttingDownMs: 3000, terminatedVisibleMs: 60_000, peeringProvisioningMs: 2000, endpointPendingMs: 0 };
const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);

function launchOne() {
  const state = initialEc2State("us-east-1");
  const [instance] = runInstances(
    state,
    { imageId: AMAZON_IMAGES[0].imageId, instanceType: "t3.micro", minCount: 1, maxCount: 1, securityGroupIds: [], securityGroupNames: [] },
    { now: T0, delays: DELAYS },
  );
  return { state, id: instance.id };
}

describe("instance transitions", () => {
  it("stays pending until instancePendingMs has passed, then runs", () => {
    const { state, id } = launchOne();
    expect(advanceEc2State(state, T0 + 3999)).toBe(false);
    expect(state.instances[id].state).toBe("pending");
    expect(advanceEc2State(state, T0 + 4000)).toBe(true);
    expect(state.instances[id].state).toBe("running");
  });

  it("stops after instanceStoppingMs; a terminated instance is listed for terminatedVisibleMs, then gone", () => {
    const { state, id } = launchOne();
    advanceEc2State(state, T0 + 4000);
    stopInstances(state, [id], { now: T0 + 5000, delays: DELAYS });
    advanceEc2State(state, T0 + 7999);
    expect(state.instances[id].state).toBe("stopping");
    advanceEc2State(state, T0 + 8000);
    expect(state.instances[id].state).toBe("stopped");
    terminateInstances(state, [id], { now: T0 + 10_000, delays: DELAYS });
    advanceEc2State(state, T0 + 13_000);
    expect(state.instances[id].state).toBe("terminated");
    advanceEc2State(state, T0 + 13_000 + 59_999);
    expect(state.instances[id]).toBeDefined();
    advanceEc2State(state, T0 + 13_000 + 60_000);
    expect(state.instances[id]).toBeUndefined();
  });
});

describe("peering transitions", () => {
  const clock = { accountId: "111122223333", region: "us-east-1", now: T0 };

  function pendingPeering() {
    const state = initialEc2State("us-east-1");
    const a = createVpc(state, { cidrBlock: "10.1.0.0/16", region: "us-east-1" });
    const b = createVpc(state, { cidrBlock: "10.2.0.0/16", region: "us-east-1" });
    const pcx = createPeering(state, { vpcId: a.id, peerVpcId: b.id, peerOwnerId: clock.accountId, peerRegion: "us-east-1" }, clock);
    return { state, id: pcx.id };
  }

  it("provisions for peeringProvisioningMs before becoming active", () => {
    const { state, id } = pendingPeering();
    acceptPeering(state, id, { ...clock, now: T0 + 1000 }, DELAYS.peeringProvisioningMs);
    advanceEc2State(state, T0 + 2999);
    expect(state.peeringConnections[id].status).toBe("provisioning");
    advanceEc2State(state, T0 + 3000);
    expect(state.peeringConnections[id]).toMatchObject({ status: "active", message: "Active" });
  });

  it("expires after 7 days unaccepted and stays listed 2 days more", () => {
    const { state, id } = pendingPeering();
    advanceEc2State(state, T0 + PEERING_REQUEST_LIFETIME_MS - 1);
    expect(state.peeringConnections[id].status).toBe("pending-acceptance");
    advanceEc2State(state, T0 + PEERING_REQUEST_LIFETIME_MS);
    expect(state.peeringConnections[id]).toMatchObject({ status: "expired", message: "Expired" });
    advanceEc2State(state, T0 + PEERING_REQUEST_LIFETIME_MS + 48 * 3600_000);
    expect(state.peeringConnections[id]).toBeUndefined();
  });
});

describe("the state document", () => {
  it("survives a JSON round trip unchanged (it is stored as JSON)", () => {
    const { state } = launchOne();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe("transitionsDue", () => {
  type Step =
    | { kind: "launch"; after: number }
    | { kind: "stop" | "start" | "terminate"; pick: number; after: number }
    | { kind: "peer" | "accept" | "reject" | "delete"; pick: number; after: number };
  const after = fc.integer({ min: 0, max: 10_000 });
  const pick = fc.nat({ max: 7 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant("launch" as const), after }),
    fc.record({ kind: fc.constantFrom("stop" as const, "start" as const, "terminate" as const), pick, after }),
    fc.record({ kind: fc.constantFrom("peer" as const, "accept" as const, "reject" as const, "delete" as const), pick, after }),
  );
  const clock = { accountId: "111122223333", region: "us-east-1" };

  /** A state made by the steps, time moving on and transitions applied between them as calls would. */
  function stateAfter(steps: Step[]) {
    const state = initialEc2State("us-east-1");
    const vpcs = [createVpc(state, { cidrBlock: "10.1.0.0/16", region: "us-east-1" }).id, createVpc(state, { cidrBlock: "10.2.0.0/16", region: "us-east-1" }).id];
    let now = T0;
    for (const s of steps) {
      now += s.after;
      advanceEc2State(state, now);
      const instances = Object.keys(state.instances);
      const peerings = Object.keys(state.peeringConnections);
      try {
        if (s.kind === "launch") {
          runInstances(state, { imageId: AMAZON_IMAGES[0].imageId, instanceType: "t3.micro", minCount: 1, maxCount: 1, securityGroupIds: [], securityGroupNames: [] }, { now, delays: DELAYS });
        } else if (s.kind === "stop" || s.kind === "start" || s.kind === "terminate") {
          const id = instances[s.pick % Math.max(instances.length, 1)];
          if (!id) continue;
          const change = { stop: stopInstances, start: startInstances, terminate: terminateInstances }[s.kind];
          change(state, [id], { now, delays: DELAYS });
        } else if (s.kind === "peer") {
          createPeering(state, { vpcId: vpcs[s.pick % 2], peerVpcId: vpcs[(s.pick + 1) % 2], peerOwnerId: clock.accountId, peerRegion: "us-east-1" }, { ...clock, now });
        } else {
          const id = peerings[s.pick % Math.max(peerings.length, 1)];
          if (!id) continue;
          if (s.kind === "accept") acceptPeering(state, id, { ...clock, now }, DELAYS.peeringProvisioningMs);
          else if (s.kind === "reject") rejectPeering(state, id, { ...clock, now });
          else deletePeering(state, id, { ...clock, now });
        }
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
      }
    }
    return { state, now };
  }

  it("is true exactly when advanceEc2State would change the state, and false once it has", () => {
    const later = fc.constantFrom(0, 1, 1999, 2000, 3000, 4000, 60_000, 63_000, PEERING_REQUEST_LIFETIME_MS, PEERING_REQUEST_LIFETIME_MS + 48 * 3600_000);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), later, fc.integer({ min: -5, max: 5 }), (steps, wait, jitter) => {
        const { state, now } = stateAfter(steps);
        const at = now + wait + jitter;
        const copy = structuredClone(state);
        const due = ec2TransitionsDue(state, at);
        expect(advanceEc2State(copy, at)).toBe(due);
        expect(ec2TransitionsDue(copy, at)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
