/**
 * The test a Break it fault breaks, judged by the analysis on one read of the account: the ping of
 * Lab 1, EC2 Instance Connect to Lab 1's instance 1, and Lab 2's `aws s3 ls s3://BUCKET` from the
 * instance through the endpoint. A fix is accepted when the test passes again, however it was made.
 */
import { analyzeInstanceConnect, analyzePacketPath, analyzeS3Request, type Hop, indexSnapshot } from "@/lib/analysis";
import { lab1Resources } from "@/lib/labs/lab1/resources";
import { cliPrincipal, lab2Bucket, lab2Side } from "@/lib/labs/lab2/resources";
import type { StepContext } from "@/lib/labs/steps";

export type LabTestId = "ping" | "connect" | "s3";

export interface LabTestOutcome {
  test: LabTestId;
  passing: boolean;
  /** What the student runs, e.g. `ping 10.2.0.12 from instance 1`. */
  what: string;
  /** The hop that stops it (absent when passing, or when the lab is missing a piece). */
  blockedAt?: Hop;
  /** Every hop the analysis walked, for "Show me where it breaks". */
  hops: Hop[];
  /** The analysis' sentence: what happened, and the change that would fix it. */
  explanation: string;
  fix?: string;
}

/** A documentation address (RFC 5737): a request from the internet, not through the endpoint. */
const OUTSIDE_ADDRESS = "203.0.113.10";

const missing = (test: LabTestId, what: string, explanation: string): LabTestOutcome => ({ test, passing: false, what, hops: [], explanation });

function pingTest({ snapshot }: StepContext): LabTestOutcome {
  const { side1, side2 } = lab1Resources(snapshot);
  const [one, two] = [side1.instance, side2.instance];
  if (!one?.InstanceId || !two?.InstanceId) return missing("ping", "ping from instance 1 to instance 2", "The lab has no instance 1 and instance 2 to ping between.");
  const what = `ping ${two.PrivateIpAddress} (instance 2) from instance 1`;
  const verdict = analyzePacketPath(indexSnapshot(snapshot), { from: { instanceId: one.InstanceId }, to: { instanceId: two.InstanceId }, protocol: "icmp" });
  if (verdict.reachable) return { test: "ping", passing: true, what, hops: verdict.hops, explanation: "The echo request and its reply both get through." };
  return { test: "ping", passing: false, what, blockedAt: verdict.blockedAt, hops: verdict.hops, explanation: verdict.explanation?.message ?? "", fix: verdict.explanation?.fix };
}

function connectTest({ snapshot }: StepContext): LabTestOutcome {
  const instance = lab1Resources(snapshot).side1.instance;
  const what = "EC2 Instance Connect to instance 1";
  if (!instance?.InstanceId) return missing("connect", what, "The lab has no instance 1.");
  const verdict = analyzeInstanceConnect(indexSnapshot(snapshot), instance.InstanceId);
  if (verdict.reachable) return { test: "connect", passing: true, what, hops: verdict.hops, explanation: "SSH (TCP 22) from the Instance Connect range gets in and its replies get out." };
  // With no public address the packet has nowhere to go: the instance itself is the hop to name.
  const blockedAt: Hop = verdict.blockedAt ?? { componentId: instance.InstanceId, componentType: "instance", direction: "forward", verdict: "deny", detail: verdict.refusal?.message ?? "" };
  return { test: "connect", passing: false, what, blockedAt, hops: verdict.hops, explanation: verdict.refusal?.message ?? verdict.explanation?.message ?? "", fix: verdict.explanation?.fix };
}

/** Lab 2 works when the instance lists the bucket through the endpoint (the bucket stays locked to it). */
async function s3Test({ snapshot, facts }: StepContext): Promise<LabTestOutcome> {
  const instance = lab2Side(snapshot).instance;
  const bucket = lab2Bucket(snapshot);
  const principal = cliPrincipal(snapshot, facts);
  const what = `aws s3 ls s3://${bucket?.name ?? "BUCKET"} on the instance`;
  if (!instance?.InstanceId || !bucket || !principal) return missing("s3", what, "The lab needs its instance, its bucket and an access key for the CLI.");
  const verdict = await analyzeS3Request(indexSnapshot(snapshot), { from: { instanceId: instance.InstanceId }, principalArn: principal.arn, action: "s3:ListBucket", bucket: bucket.name });
  const blockedAt = verdict.hops.find((hop) => hop.verdict === "deny");
  if (verdict.allowed && verdict.route.kind === "vpc-endpoint") {
    // Opening the bucket to everyone also makes the listing work; the lab's point is that it stays locked to the endpoint.
    const outside = await analyzeS3Request(indexSnapshot(snapshot), { from: { outside: { sourceIp: OUTSIDE_ADDRESS } }, principalArn: principal.arn, action: "s3:ListBucket", bucket: bucket.name });
    if (outside.allowed) return { test: "s3", passing: false, what, hops: verdict.hops, explanation: `The instance lists the bucket, but so does a request from outside the endpoint: the bucket policy of ${bucket.name} no longer locks it to the endpoint.` };
    return { test: "s3", passing: true, what, hops: verdict.hops, explanation: verdict.explanation };
  }
  if (verdict.allowed) {
    const explanation = `The request is allowed but goes ${verdict.route.kind === "internet-gateway" ? `over the internet through ${verdict.route.gatewayId}` : "elsewhere"}, not through the endpoint.`;
    return { test: "s3", passing: false, what, hops: verdict.hops, explanation };
  }
  return { test: "s3", passing: false, what, blockedAt, hops: verdict.hops, explanation: verdict.explanation, fix: verdict.fix };
}

const TESTS: Record<LabTestId, (context: StepContext) => LabTestOutcome | Promise<LabTestOutcome>> = { ping: pingTest, connect: connectTest, s3: s3Test };

export async function runLabTest(test: LabTestId, context: StepContext): Promise<LabTestOutcome> {
  return TESTS[test](context);
}
