/** "Check my work" for Lab 2: pure functions over a snapshot and the bucket/access-key facts. */
import { analyzeS3Request, indexSnapshot, type S3Verdict } from "@/lib/analysis";
import { checkInstanceConnect, publicSideFindings } from "@/lib/labs/shared/public-side-checks";
import type { CheckResult, StepContext } from "@/lib/labs/steps";
import { judgeBucketPolicy, judgeEndpointPolicy, type PolicySetting } from "./policy-questions";
import { bucketNameHint } from "./bucket-name";
import { cliPrincipal, lab2Bucket, lab2Endpoint, lab2Side, s3ServiceName } from "./resources";

export const LAB2_MOMENTS = {
  connect: {
    title: "EC2 Instance Connect refuses to connect",
    explanation:
      "As in Lab 1: Instance Connect reaches the instance over the internet, so it needs a public IPv4 address (an Elastic IP), a security group allowing TCP 22 from the Instance Connect range, and a route 0.0.0.0/0 to the internet gateway.",
  },
  bucketPolicy: {
    title: "Locked out of your own bucket",
    explanation:
      "The policy denies every S3 action unless the request arrives through the endpoint (aws:SourceVpce). An explicit deny beats every allow, your own included: the S3 console and this console's bucket view are denied at once. The instance is denied too, because its traffic still leaves through the internet gateway: the endpoint is not in its route table yet. Listing all buckets (aws s3 ls) still works: a bucket policy does not govern ListBuckets. The bucket owner can always change or delete the policy.",
  },
  endpointRoute: {
    title: "The instance still goes over the internet",
    explanation:
      "A gateway endpoint only carries traffic for the route tables it is associated with. Add the subnet's route table to the endpoint: AWS inserts a route to the S3 prefix list (pl-…) with the endpoint as target, more specific than 0.0.0.0/0, and the instance's requests then carry aws:SourceVpce.",
  },
  endpointPolicy: {
    title: "The endpoint policy denies",
    explanation:
      "An endpoint policy filters every request that passes through the endpoint, whoever makes it and whatever the bucket policy says. With Effect Deny, the instance's S3 calls fail with \"explicit deny in a VPC endpoint policy\"; a policy that merely allows less gives \"because no VPC endpoint policy allows\" the action.",
  },
} as const;

/** What AWS gives a gateway endpoint created without a policy. */
const FULL_ACCESS_POLICY = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });

const done = (findings: string[], moment?: CheckResult["moment"]): CheckResult => ({ done: true, findings, moment });
const notDone = (findings: string[], moment?: CheckResult["moment"]): CheckResult => ({ done: false, findings, moment });

function bucketFindings({ snapshot, facts }: StepContext): string[] {
  const bucket = lab2Bucket(snapshot);
  // The example is the Build tab's hint, the same on every check (it was a new random name each time).
  const example = bucketNameHint(snapshot.accountId, snapshot.buckets.map((candidate) => candidate.name));
  if (!bucket) return [`No S3 bucket for the lab yet: create one (e.g. ${example}) and upload a couple of objects.`];
  const objects = facts.objects;
  if (!objects || objects.bucket !== bucket.name) return [];
  if ("error" in objects) return [];
  return objects.keys.length ? [] : [`Bucket ${bucket.name} is empty: upload a couple of objects.`];
}

export async function checkArchitecture(context: StepContext): Promise<CheckResult> {
  const side = lab2Side(context.snapshot);
  if (!side.vpc) return notDone([`No VPC for the lab yet: create one (e.g. 10.0.0.0/16) with a public subnet ("VPC and more").`, ...bucketFindings(context)]);
  const findings = publicSideFindings(side, "The lab VPC");
  if (!side.instance) findings.push(`The lab VPC (${side.vpc.VpcId}) has no instance: launch one in subnet ${side.subnet?.SubnetId ?? "(create a subnet first)"}.`);
  else if (side.instance.State?.Name !== "running") findings.push(`Instance ${side.instance.InstanceId} is ${side.instance.State?.Name}; it must be running.`);
  findings.push(...bucketFindings(context));
  if (findings.length) return notDone(findings);
  const bucket = lab2Bucket(context.snapshot)!;
  return done([`VPC ${side.vpc.VpcId} (${side.vpc.CidrBlock}) has public subnet ${side.subnet!.SubnetId} routed to ${side.internetGateway!.InternetGatewayId}, instance ${side.instance!.InstanceId} is running, and bucket ${bucket.name} exists.`]);
}

export async function checkConnect({ snapshot }: StepContext): Promise<CheckResult> {
  return checkInstanceConnect(snapshot, lab2Side(snapshot), "the instance", LAB2_MOMENTS.connect);
}

export async function checkAccessKeys({ snapshot, facts }: StepContext): Promise<CheckResult> {
  // The key is for the CLI on the lab's instance: an account's existing key alone is not this step.
  if (lab2Side(snapshot).instance?.State?.Name !== "running") return notDone(["Step 1 first: the lab's instance must be running."]);
  const principal = cliPrincipal(snapshot, facts);
  if (!principal) return notDone(["No IAM user has an active access key: create one for your IAM user on the Access keys page, then run aws configure on the instance."]);
  return done([`IAM user ${principal.userName} has active access key ${principal.accessKeyId}; aws configure on the instance uses it.`]);
}

interface S3Setting {
  instanceId: string;
  bucket: string;
  principalArn: string;
}

/** The instance, the bucket and the CLI's identity, or the sentences saying which is missing. */
function s3Setting(context: StepContext): S3Setting | string[] {
  const { snapshot, facts } = context;
  const instance = lab2Side(snapshot).instance;
  const bucket = lab2Bucket(snapshot);
  const principal = cliPrincipal(snapshot, facts);
  const missing = [
    ...(instance?.State?.Name === "running" ? [] : ["Step 1 first: the lab's instance must be running."]),
    ...(bucket ? [] : ["Step 1 first: the lab's bucket must exist."]),
    ...(principal ? [] : ["Step 3 first: an IAM user needs an active access key for the CLI on the instance."]),
  ];
  if (missing.length) return missing;
  return { instanceId: instance!.InstanceId!, bucket: bucket!.name, principalArn: principal!.arn };
}

async function listFromInstance(context: StepContext, setting: S3Setting): Promise<S3Verdict> {
  return analyzeS3Request(indexSnapshot(context.snapshot), { from: { instanceId: setting.instanceId }, principalArn: setting.principalArn, action: "s3:ListBucket", bucket: setting.bucket });
}

function routeWords(verdict: S3Verdict): string {
  if (verdict.route.kind === "vpc-endpoint") return `through endpoint ${verdict.route.endpointId}`;
  if (verdict.route.kind === "internet-gateway") return `over the internet through ${verdict.route.gatewayId}`;
  return "";
}

/** The instance's listing of the bucket as the analysis tells it: what the student would see running it now. */
function listingMoment(moment: { title: string; explanation: string }, setting: S3Setting, verdict: S3Verdict): NonNullable<CheckResult["moment"]> {
  return { ...moment, verdict: verdict.explanation, fix: verdict.fix, output: verdict.cliOutput, outputOf: `aws s3 ls s3://${setting.bucket} on ${setting.instanceId}`, hops: verdict.hops };
}

function verdictSentence(setting: S3Setting, verdict: S3Verdict): string {
  return `aws s3 ls s3://${setting.bucket} from ${setting.instanceId} fails: ${verdict.explanation}${verdict.fix ? ` ${verdict.fix}` : ""}`;
}

export async function checkS3OverInternet(context: StepContext): Promise<CheckResult> {
  const setting = s3Setting(context);
  if (Array.isArray(setting)) return notDone(setting);
  const verdict = await listFromInstance(context, setting);
  if (verdict.allowed) return done([`aws s3 ls s3://${setting.bucket} from ${setting.instanceId} is allowed, ${routeWords(verdict)}.`]);
  return notDone([verdictSentence(setting, verdict)]);
}

export async function checkEndpoint({ snapshot }: StepContext): Promise<CheckResult> {
  const side = lab2Side(snapshot);
  if (!side.vpc) return notDone(["Step 1 first: the lab's VPC must exist."]);
  const endpoint = lab2Endpoint(snapshot);
  const service = s3ServiceName(snapshot.region);
  if (!endpoint) return notDone([`The lab VPC (${side.vpc.VpcId}) has no gateway endpoint for ${service}: create one of type Gateway.`]);
  const tables = endpoint.RouteTableIds?.length ? `, associated with ${endpoint.RouteTableIds.join(", ")}` : ", not yet in any route table";
  return done([`Gateway endpoint ${endpoint.VpcEndpointId} for ${service} is in ${side.vpc.VpcId}${tables}.`]);
}

/** Who the policy questions ask as: the CLI's IAM user, else any IAM user of the account. */
function policySetting(context: StepContext, bucket: string, endpoint: { VpcEndpointId?: string; VpcId?: string }): PolicySetting {
  const { snapshot, facts } = context;
  const principalArn = cliPrincipal(snapshot, facts)?.arn ?? `arn:aws:iam::${snapshot.accountId}:user/student`;
  return { accountId: snapshot.accountId, bucket, endpointId: endpoint.VpcEndpointId!, vpcId: endpoint.VpcId ?? "", principalArn };
}

function firstObjectKey({ facts }: StepContext): string | undefined {
  return facts.objects && "keys" in facts.objects ? facts.objects.keys[0] : undefined;
}

export async function checkBucketPolicy(context: StepContext): Promise<CheckResult> {
  const { snapshot } = context;
  const bucket = lab2Bucket(snapshot);
  const endpoint = lab2Endpoint(snapshot);
  if (!bucket || !endpoint?.VpcEndpointId) return notDone([`Steps 1 and 5 first: the lab needs its bucket and its gateway endpoint.`]);
  const vpce = endpoint.VpcEndpointId;
  if (!bucket.policy) {
    if (bucket.policyError === "AccessDenied") return done([`The bucket policy of ${bucket.name} denies this console even reading it: the bucket is locked to the endpoint.`]);
    return notDone([`Bucket ${bucket.name} has no bucket policy: add one that denies s3:* unless aws:SourceVpce is ${vpce}.`]);
  }
  const judgement = await judgeBucketPolicy(policySetting(context, bucket.name, endpoint), bucket.policy, firstObjectKey(context));
  if (!judgement.done) return notDone([`The bucket policy of ${bucket.name} does not lock the bucket to ${vpce}:`, ...judgement.failures]);
  const findings = [`The bucket policy of ${bucket.name} denies every request that does not come through ${vpce}, and lets requests through it.`];
  const setting = s3Setting(context);
  if (Array.isArray(setting)) return done(findings);
  const fromInstance = await listFromInstance(context, setting);
  if (fromInstance.allowed) return done(findings);
  return done(findings, listingMoment(LAB2_MOMENTS.bucketPolicy, setting, fromInstance));
}

export async function checkEndpointRoute(context: StepContext): Promise<CheckResult> {
  const { snapshot } = context;
  const side = lab2Side(snapshot);
  const endpoint = lab2Endpoint(snapshot);
  if (!endpoint?.VpcEndpointId || !side.routeTable?.RouteTableId) return notDone(["Step 5 first: the lab needs its gateway endpoint and its public route table."]);
  const table = side.routeTable.RouteTableId;
  const associated = endpoint.RouteTableIds?.includes(table);
  const setting = s3Setting(context);
  if (Array.isArray(setting)) {
    return associated ? done([`Endpoint ${endpoint.VpcEndpointId} is in route table ${table}.`]) : notDone([`Endpoint ${endpoint.VpcEndpointId} is not associated with route table ${table} of subnet ${side.subnet?.SubnetId}.`]);
  }
  const verdict = await listFromInstance(context, setting);
  if (associated && verdict.allowed && verdict.route.kind === "vpc-endpoint") {
    return done([`Route table ${table} sends S3 traffic to ${endpoint.VpcEndpointId}: aws s3 ls s3://${setting.bucket} from ${setting.instanceId} is allowed through the endpoint.`]);
  }
  const findings = associated ? [] : [`Endpoint ${endpoint.VpcEndpointId} is not associated with route table ${table} of subnet ${side.subnet?.SubnetId}: add the route table to the endpoint.`];
  if (!verdict.allowed) findings.push(verdictSentence(setting, verdict));
  else if (verdict.route.kind !== "vpc-endpoint") findings.push(`aws s3 ls s3://${setting.bucket} from ${setting.instanceId} still goes ${routeWords(verdict)}, not through the endpoint.`);
  return notDone(findings, verdict.allowed ? undefined : listingMoment(LAB2_MOMENTS.endpointRoute, setting, verdict));
}

export async function checkEndpointPolicy(context: StepContext): Promise<CheckResult> {
  const endpoint = lab2Endpoint(context.snapshot);
  const setting = s3Setting(context);
  if (!endpoint?.VpcEndpointId) return notDone(["Step 5 first: the lab needs its gateway endpoint."]);
  if (Array.isArray(setting)) return notDone(setting);
  const judgement = await judgeEndpointPolicy(policySetting(context, setting.bucket, endpoint), endpoint.PolicyDocument ?? FULL_ACCESS_POLICY);
  if (!judgement.done) return notDone([`The policy of endpoint ${endpoint.VpcEndpointId} still lets the instance list ${setting.bucket}: change its Effect to Deny.`, ...judgement.failures]);
  const verdict = await listFromInstance(context, setting);
  if (verdict.route.kind !== "vpc-endpoint") return notDone([`Step 7 first: the instance's S3 traffic does not go through ${endpoint.VpcEndpointId}.`]);
  const moment = listingMoment(LAB2_MOMENTS.endpointPolicy, setting, verdict);
  if (verdict.deniedBy !== "vpc-endpoint") return notDone([verdictSentence(setting, verdict)], moment);
  return done([`The policy of endpoint ${endpoint.VpcEndpointId} now denies the instance: ${verdict.errorMessage}`], moment);
}
