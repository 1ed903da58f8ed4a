/** "Check my work" for a lab's public side, shared by both labs: pure functions over a snapshot. */
import { analyzeInstanceConnect, indexSnapshot, type LabSnapshot } from "@/lib/analysis";
import type { CheckResult } from "@/lib/labs/steps";
import { defaultRouteToGateway, type PublicSide } from "./public-side";

const done = (findings: string[]): CheckResult => ({ done: true, findings });
const notDone = (findings: string[]): CheckResult => ({ done: false, findings });

/** What keeps a VPC from being "VPC and more": a public subnet routed to an attached internet gateway. */
export function publicSideFindings(side: PublicSide, label: string): string[] {
  const vpcId = side.vpc!.VpcId;
  if (!side.subnet) return [`${label} (${vpcId}) has no subnet: create a public subnet in it, e.g. the first /24 of ${side.vpc!.CidrBlock}.`];
  const findings: string[] = [];
  if (!side.internetGateway) findings.push(`No internet gateway is attached to ${label} (${vpcId}).`);
  const table = side.routeTable;
  const target = defaultRouteToGateway(table);
  if (!table || !target) {
    findings.push(`Subnet ${side.subnet.SubnetId} of ${label} uses route table ${table?.RouteTableId ?? "(none)"}, which has no route 0.0.0.0/0 to an internet gateway.`);
  } else if (target !== side.internetGateway?.InternetGatewayId) {
    findings.push(`Route table ${table.RouteTableId} sends 0.0.0.0/0 to ${target}, which is not attached to ${label} (${vpcId}).`);
  }
  return findings;
}

export function checkInstanceConnect(snapshot: LabSnapshot, side: PublicSide, label: string, explanation: { title: string; explanation: string }): CheckResult {
  const instance = side.instance;
  if (!instance?.InstanceId || instance.State?.Name !== "running") return notDone([`${label} must be running first.`]);
  const index = indexSnapshot(snapshot);
  const verdict = analyzeInstanceConnect(index, instance.InstanceId);
  if (verdict.reachable) {
    const address = index.instances.get(instance.InstanceId)?.publicIp;
    return done([`EC2 Instance Connect can reach ${label} (${instance.InstanceId})${address ? ` at ${address}` : ""}: SSH (TCP 22) gets in and its replies get out.`]);
  }
  const refusal = verdict.refusal?.message ?? verdict.explanation?.message ?? "EC2 Instance Connect cannot reach the instance.";
  const analysis = verdict.explanation ? `${verdict.explanation.message} ${verdict.explanation.fix}` : "";
  const findings = analysis && analysis !== refusal ? [refusal, analysis] : [refusal];
  return {
    done: false,
    findings,
    moment: { ...explanation, verdict: verdict.explanation?.message ?? refusal, fix: verdict.explanation?.fix, output: refusal, hops: verdict.hops },
  };
}
