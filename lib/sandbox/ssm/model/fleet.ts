/**
 * SSM's fleet: which instances have a registered agent. On AWS that takes an instance profile
 * with the SSM policy, the agent (preinstalled on Amazon Linux 2023) and a route to SSM; the
 * sandbox treats every instance as launched with the lab's SSM role, so every running instance
 * is managed. The fleet is copied from EC2 state whenever it changes (as the agent registers at
 * boot), so SSM's synchronous calls can check instance ids without reading EC2.
 */
import type { Ec2State } from "@/lib/sandbox/ec2/model/types";
import type { FleetInstance, SsmState } from "./types";

/** Shutting-down and terminated instances have left the fleet. */
const GONE = new Set(["shutting-down", "terminated"]);

export function fleetOf(ec2: Ec2State, region: string): Record<string, FleetInstance> {
  const fleet: Record<string, FleetInstance> = {};
  for (const instance of Object.values(ec2.instances)) {
    if (GONE.has(instance.state)) continue;
    const tags = Object.fromEntries((ec2.tags[instance.id] ?? []).map((tag) => [tag.key, tag.value]));
    fleet[instance.id] = {
      state: instance.state,
      runningAt: instance.state === "pending" ? (instance.transitionAt ?? instance.launchTime) : undefined,
      launchedAt: instance.launchTime,
      privateIp: instance.privateIpAddress,
      availabilityZone: instance.availabilityZone,
      computerName: `ip-${instance.privateIpAddress.replaceAll(".", "-")}.${region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`}`,
      tags,
    };
  }
  return fleet;
}

export function sameFleet(a: Record<string, FleetInstance>, b: Record<string, FleetInstance>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Running now, including a pending instance whose boot time has passed (EC2 flips it on its next read). */
export function isManaged(instance: FleetInstance | undefined, now: number): boolean {
  if (!instance) return false;
  return instance.state === "running" || (instance.state === "pending" && instance.runningAt !== undefined && instance.runningAt <= now);
}

export function managedInstanceIds(state: SsmState, now: number): string[] {
  return Object.keys(state.fleet).filter((id) => isManaged(state.fleet[id], now));
}
