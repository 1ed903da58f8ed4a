import { describe, expect, it } from "vitest";
import type { DelaySettings } from "@/lib/sandbox/core/types";
import { AMAZON_IMAGES } from "./catalog";
import { initialEc2State } from "./default-vpc";
import { runInstances, stopInstances, terminateInstances } from "./instances";
import { acceptPeering, createPeering, PEERING_REQUEST_LIFETIME_MS } from "./peering";
import { advanceEc2State } from "./time";
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
