/** "Do it for me" for each step of Lab 2: idempotent, resumable, the calls a student would make. */
import { CreateVpcEndpointCommand, ModifyVpcEndpointCommand } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { AwsClients } from "@/lib/aws/clients";
import { ensurePublicAddress, ensureRunningInstance, ensureSshFromInstanceConnect } from "@/lib/labs/shared/build-instance";
import { ensurePublicVpc } from "@/lib/labs/shared/build-public-vpc";
import { runForStudent, runTestOnInstance } from "@/lib/labs/shell-on-instance";
import { type DoItReport, emptyReport, LabStepError } from "@/lib/labs/steps";
import { labTagSpecifications } from "@/lib/labs/tags";
import { readSnapshot } from "@/lib/labs/read-account";
import { checkBucketPolicy, checkEndpointPolicy } from "./checks";
import { readLockedPolicies } from "@/lib/labs/locked-policy";
import { gatherLab2Facts } from "./facts";
import { denyUnlessThroughEndpoint } from "./policies";
import { cliPrincipal, isFullAccessPolicy, lab2Bucket, lab2Endpoint, lab2Side, s3ServiceName, suggestedBucketName } from "./resources";

const LAB = "vpc-endpoints" as const;

/** Two small objects, as the student uploads "a couple of objects". */
const SAMPLE_OBJECTS = [
  { key: "welcome.txt", body: "Hello from the VPC Endpoints lab.\n" },
  { key: "notes/endpoint.txt", body: "This object is read through a gateway VPC endpoint.\n" },
];

/** IAM identities are read only when a check must evaluate the CLI user's policies. */
async function context(clients: AwsClients, withIdentities = false) {
  const snapshot = await readSnapshot(clients, withIdentities);
  // A policy that locks the console out is still read (as root, or from the instance) to be judged.
  await readLockedPolicies(clients, snapshot);
  return { snapshot, facts: await gatherLab2Facts(clients, snapshot) };
}

async function ensureBucket(clients: AwsClients, report: DoItReport): Promise<void> {
  const { snapshot, facts } = await context(clients);
  let bucket = lab2Bucket(snapshot)?.name;
  if (!bucket) {
    bucket = suggestedBucketName(snapshot.accountId);
    const location = clients.region === "us-east-1" ? undefined : { LocationConstraint: clients.region as never };
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: location }));
    report.created.push(`bucket ${bucket}`);
  }
  const objects = facts.objects;
  const empty = !objects || objects.bucket !== bucket || ("keys" in objects && objects.keys.length === 0);
  if (!empty) return;
  for (const object of SAMPLE_OBJECTS) {
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: object.key, Body: object.body, ContentType: "text/plain" }));
    report.created.push(`object s3://${bucket}/${object.key}`);
  }
}

export async function buildArchitecture(clients: AwsClients): Promise<DoItReport> {
  const report = emptyReport();
  const first = await readSnapshot(clients);
  await ensurePublicVpc(clients, first, lab2Side(first), { lab: LAB, name: "lab2-vpc", suffix: "", cidr: "10.0.0.0/16", subnetCidr: "10.0.0.0/24" }, report);
  const second = await readSnapshot(clients);
  await Promise.all([
    ensureRunningInstance(clients, second, lab2Side(second), { lab: LAB, name: "lab2-instance", role: "instance", sgRole: "sg" }, report),
    ensureBucket(clients, report),
  ]);
  return report;
}

export async function buildConnect(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const side = lab2Side(snapshot);
  if (side.instance?.State?.Name !== "running") throw new LabStepError("Step 1 first: the lab's instance must be running.");
  const report = emptyReport();
  await ensureSshFromInstanceConnect(clients, side.securityGroup, report);
  await ensurePublicAddress(clients, snapshot, side.instance, { lab: LAB, role: "eip", name: "lab2-eip" }, report);
  await runForStudent(clients, side.instance.InstanceId!, "whoami", report);
  return report;
}

/**
 * On the sandbox the console signs with the very key the Access keys page shows the student, so Do it
 * for me can do what the student does: aws configure on the instance, when its CLI has no working
 * credentials yet. On real AWS the console holds no IAM user's secret: the student configures the CLI.
 * (The secret goes only into Run Command's parameters, never into the report.)
 */
async function ensureCliConfigured(clients: AwsClients, instanceId: string, report: DoItReport): Promise<void> {
  if (clients.mode !== "sandbox") return;
  const probe = await runTestOnInstance(clients, instanceId, ["aws sts get-caller-identity"]);
  if (!probe.shell || probe.shell.exitCode === 0) return;
  const { accessKeyId, secretAccessKey } = await clients.sts.config.credentials();
  const configure = [`aws configure set aws_access_key_id ${accessKeyId}`, `aws configure set aws_secret_access_key ${secretAccessKey}`, `aws configure set region ${clients.region}`];
  const configured = await runTestOnInstance(clients, instanceId, configure);
  if (configured.shell?.exitCode === 0) report.notes.push(`Ran aws configure on ${instanceId} with access key ${accessKeyId} (the one on the Access keys page).`);
}

export async function buildAccessKeys(clients: AwsClients): Promise<DoItReport> {
  const { snapshot, facts } = await context(clients);
  const report = emptyReport();
  const principal = cliPrincipal(snapshot, facts);
  const instanceId = lab2Side(snapshot).instance?.InstanceId;
  if (principal) {
    report.notes.push(`IAM user ${principal.userName} already has active access key ${principal.accessKeyId}.`);
    if (instanceId) {
      await ensureCliConfigured(clients, instanceId, report);
      await runForStudent(clients, instanceId, "aws sts get-caller-identity", report);
    }
  } else {
    report.notes.push(
      "Do it for me leaves this step to you: create an access key for your IAM user on the Access keys page (its secret is shown only once), then run aws configure on the instance.",
    );
  }
  return report;
}

export async function buildS3OverInternet(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const instanceId = lab2Side(snapshot).instance?.InstanceId;
  const bucket = lab2Bucket(snapshot);
  if (!instanceId || !bucket) throw new LabStepError("Step 1 first: the lab's instance and bucket must exist.");
  const report = emptyReport();
  await runForStudent(clients, instanceId, `aws s3 ls s3://${bucket.name}`, report);
  return report;
}

export async function buildEndpoint(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const side = lab2Side(snapshot);
  if (!side.vpc?.VpcId) throw new LabStepError("Step 1 first: the lab's VPC must exist.");
  const report = emptyReport();
  if (lab2Endpoint(snapshot)) return report;
  const created = await clients.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: side.vpc.VpcId,
      ServiceName: s3ServiceName(clients.region),
      VpcEndpointType: "Gateway",
      TagSpecifications: labTagSpecifications("vpc-endpoint", LAB, "endpoint", "lab2-s3-endpoint"),
    }),
  );
  report.created.push(`gateway endpoint ${created.VpcEndpoint!.VpcEndpointId} for ${s3ServiceName(clients.region)} (no route table yet)`);
  return report;
}

export async function buildBucketPolicy(clients: AwsClients): Promise<DoItReport> {
  const current = await context(clients);
  const bucket = lab2Bucket(current.snapshot);
  const endpoint = lab2Endpoint(current.snapshot);
  if (!bucket || !endpoint?.VpcEndpointId) throw new LabStepError("Steps 1 and 5 first: the lab needs its bucket and its gateway endpoint.");
  const report = emptyReport();
  // Whatever policy is there is judged by the evaluator: one that already does the job stays.
  if ((bucket.policy || bucket.policyError) && (await checkBucketPolicy(await context(clients, true))).done) return report;
  await clients.s3.send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: denyUnlessThroughEndpoint(bucket.name, endpoint.VpcEndpointId) }));
  report.created.push(`bucket policy on ${bucket.name}: deny s3:* unless aws:SourceVpce is ${endpoint.VpcEndpointId}`);
  return report;
}

export async function buildEndpointRoute(clients: AwsClients): Promise<DoItReport> {
  const snapshot = await readSnapshot(clients);
  const endpoint = lab2Endpoint(snapshot);
  const table = lab2Side(snapshot).routeTable?.RouteTableId;
  if (!endpoint?.VpcEndpointId || !table) throw new LabStepError("Step 5 first: the lab needs its gateway endpoint and its public route table.");
  const report = emptyReport();
  if (endpoint.RouteTableIds?.includes(table)) return report;
  await clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint.VpcEndpointId, AddRouteTableIds: [table] }));
  report.created.push(`route table ${table} added to ${endpoint.VpcEndpointId} (route to the S3 prefix list)`);
  return report;
}

function isSamePolicy(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

export const DENY_ALL_ENDPOINT_POLICY = JSON.stringify({ Version: "2008-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "*", Resource: "*" }] });

export async function buildEndpointPolicy(clients: AwsClients): Promise<DoItReport> {
  const current = await context(clients);
  const endpoint = lab2Endpoint(current.snapshot);
  if (!endpoint?.VpcEndpointId) throw new LabStepError("Step 5 first: the lab needs its gateway endpoint.");
  const report = emptyReport();
  if (endpoint.PolicyDocument && isSamePolicy(endpoint.PolicyDocument, DENY_ALL_ENDPOINT_POLICY)) return report;
  if (!isFullAccessPolicy(endpoint.PolicyDocument) && (await checkEndpointPolicy(await context(clients, true))).done) return report;
  await clients.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint.VpcEndpointId, PolicyDocument: DENY_ALL_ENDPOINT_POLICY }));
  report.created.push(`endpoint policy of ${endpoint.VpcEndpointId}: Effect Deny`);
  return report;
}
