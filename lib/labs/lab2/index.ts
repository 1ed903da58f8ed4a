/** Lab 2 — VPC Endpoints, as docs/labs.md describes it. */
import { instanceText, routeTableText, securityGroupText } from "@/lib/labs/shared/evidence-text";
import { labelWithDetail } from "@/lib/labs/resources";
import { failedAwsCall, NO_RECORDS, openedSession, refusedSession, type StepEvidence, type StudentRecords, successfulAwsCall, successfulBucketCall } from "@/lib/labs/evidence";
import type { LabDefinition, StepContext } from "@/lib/labs/steps";
import {
  checkAccessKeys,
  checkArchitecture,
  checkBucketPolicy,
  checkConnect,
  checkEndpoint,
  checkEndpointPolicy,
  checkEndpointRoute,
  checkS3OverInternet,
  LAB2_MOMENTS,
} from "./checks";
import {
  buildAccessKeys,
  buildArchitecture,
  buildBucketPolicy,
  buildConnect,
  buildEndpoint,
  buildEndpointPolicy,
  buildEndpointRoute,
  buildS3OverInternet,
} from "./do-it";
import { lab2Inventory } from "./inventory";
import { cliPrincipal, lab2Bucket, lab2Endpoint, lab2Side, prettyPolicy } from "./resources";

function instanceEvidence({ snapshot, records }: StepContext, find: (records: StudentRecords, instanceId: string) => StepEvidence | undefined) {
  const instanceId = lab2Side(snapshot).instance?.InstanceId;
  return instanceId ? find(records ?? NO_RECORDS, instanceId) : undefined;
}

/** Step 4 is done by a call that reaches the lab's bucket (aws s3 ls s3://BUCKET), not by listing all buckets. */
function bucketEvidence(context: StepContext): StepEvidence | undefined {
  const bucket = lab2Bucket(context.snapshot)?.name;
  return bucket ? instanceEvidence(context, (records, id) => successfulBucketCall(records, id, bucket)) : undefined;
}

function routeTable({ snapshot }: StepContext): string {
  const side = lab2Side(snapshot);
  return routeTableText(side.routeTable, side.subnet?.SubnetId);
}

function endpointSummary({ snapshot }: StepContext): string {
  const endpoint = lab2Endpoint(snapshot);
  if (!endpoint) return "No gateway endpoint";
  return `Gateway endpoint ${endpoint.VpcEndpointId} (${endpoint.ServiceName}) in ${endpoint.VpcId}, route tables: ${endpoint.RouteTableIds?.join(", ") || "none"}`;
}

function bucketPolicyText({ snapshot }: StepContext): string {
  const bucket = lab2Bucket(snapshot);
  if (!bucket) return "(no bucket)";
  if (!bucket.policy && bucket.policyError) return `Bucket policy of ${bucket.name}: cannot be read (${bucket.policyError})`;
  return `Bucket policy of ${bucket.name}:\n${prettyPolicy(bucket.policy)}`;
}

function endpointPolicyText(context: StepContext): string {
  const endpoint = lab2Endpoint(context.snapshot);
  return endpoint ? `Policy of ${endpoint.VpcEndpointId}:\n${prettyPolicy(endpoint.PolicyDocument)}` : "(no endpoint)";
}

export const lab2: LabDefinition = {
  id: "vpc-endpoints",
  title: "VPC Endpoints",
  needsFacts: true,
  inventory: ({ snapshot }) => lab2Inventory(snapshot),
  steps: [
    {
      id: "architecture",
      title: "Build a VPC, an instance and an S3 bucket",
      instructions: [
        "Create a VPC with \"VPC and more\" (e.g. 10.0.0.0/16): one public subnet, an internet gateway, its route table.",
        "Launch an Amazon Linux 2023 instance in the public subnet; under Firewall, Create security group allowing SSH from EC2 Instance Connect.",
        "Create an S3 bucket with a globally unique name and upload a couple of objects.",
      ],
      doneMeans: "The VPC has a public subnet routed to an attached internet gateway, the instance is running in it, and the bucket exists with objects.",
      check: checkArchitecture,
      doIt: buildArchitecture,
      evidence: (context) => {
        const side = lab2Side(context.snapshot);
        const bucket = lab2Bucket(context.snapshot);
        const objects = context.facts.objects && "keys" in context.facts.objects ? ` (objects: ${context.facts.objects.keys.join(", ") || "none"})` : "";
        return {
          summary: [`VPC ${side.vpc ? labelWithDetail(side.vpc.VpcId ?? "?", side.vpc.Tags, side.vpc.CidrBlock) : "none"}`, instanceText(side.instance, "Instance"), `Bucket ${bucket?.name ?? "none"}${objects}`].join("\n"),
          config: routeTable(context),
        };
      },
    },
    {
      id: "connect",
      title: "Connect to the instance",
      instructions: ["Connect with EC2 Instance Connect, as in Lab 1.", "If it refuses, read why before changing anything: the refusal names what is missing."],
      doneMeans: "You opened an EC2 Instance Connect session on the instance: its terminal shows a shell prompt.",
      troubleshooting: LAB2_MOMENTS.connect,
      check: checkConnect,
      doing: {
        nextAction: "Select the instance and choose Connect > EC2 Instance Connect.",
        evidence: (context) => instanceEvidence(context, openedSession),
        metFailure: (context) => instanceEvidence(context, refusedSession),
      },
      doIt: buildConnect,
      evidence: (context) => {
        const side = lab2Side(context.snapshot);
        return { summary: instanceText(side.instance, "Instance"), config: securityGroupText(side.securityGroup) };
      },
    },
    {
      id: "access-keys",
      title: "Create access keys and configure the CLI",
      instructions: [
        "Create an access key for your IAM user (the secret is shown once). Prefer roles in real projects; never commit keys.",
        "On the instance, run aws configure and enter the key, the secret, the region and json.",
      ],
      doneMeans: "An IAM user has an active access key for the CLI on the instance.",
      check: checkAccessKeys,
      doing: {
        nextAction: "On the instance, run aws configure with your access key, then aws sts get-caller-identity (or aws s3 ls).",
        evidence: (context) => instanceEvidence(context, (records, id) => successfulAwsCall(records, id, ["sts", "s3", "s3api"])),
        metFailure: (context) => instanceEvidence(context, failedAwsCall),
      },
      doIt: buildAccessKeys,
      evidence: (context) => {
        const principal = cliPrincipal(context.snapshot, context.facts);
        const summary = principal ? `IAM user ${principal.userName}, access key ${principal.accessKeyId} (the secret is never stored here)` : "No active access key";
        return { summary, config: summary };
      },
    },
    {
      id: "s3-over-internet",
      title: "Use S3 from the instance",
      instructions: ["On the instance: aws s3 ls, then aws s3 ls s3://YOUR-BUCKET, then upload a file with aws s3 cp.", "The traffic leaves through the internet gateway: the route table has no endpoint route yet."],
      doneMeans: "aws s3 ls s3://BUCKET from the instance lists the objects.",
      check: checkS3OverInternet,
      undoneBy: ["bucket-policy", "endpoint-policy"],
      doing: {
        nextAction: "On the instance, run aws s3 ls s3://YOUR-BUCKET.",
        evidence: (context) => bucketEvidence(context),
        metFailure: (context) => instanceEvidence(context, failedAwsCall),
      },
      doIt: buildS3OverInternet,
      evidence: (context) => ({ summary: "S3 reached from the instance over the internet gateway.", config: routeTable(context) }),
    },
    {
      id: "endpoint",
      title: "Create a gateway endpoint for S3",
      instructions: ["In Endpoints, create an endpoint for com.amazonaws.us-east-1.s3 of type Gateway in the lab VPC.", "Do not select a route table yet: nothing changes for the instance."],
      doneMeans: "A gateway endpoint for S3 exists in the lab VPC.",
      check: checkEndpoint,
      doIt: buildEndpoint,
      evidence: (context) => ({ summary: endpointSummary(context), config: endpointPolicyText(context) }),
    },
    {
      id: "bucket-policy",
      title: "Allow the bucket only through the endpoint",
      instructions: [
        "Add a bucket policy: Deny s3:* on the bucket and its objects for Principal * unless aws:SourceVpce equals your endpoint's id.",
        "Watch the S3 console (and this console's bucket view) lose access, and aws s3 ls s3://BUCKET fail on the instance.",
      ],
      doneMeans: "The bucket policy denies every request that does not come through the endpoint.",
      troubleshooting: LAB2_MOMENTS.bucketPolicy,
      check: checkBucketPolicy,
      doIt: buildBucketPolicy,
      evidence: (context) => ({ summary: "Bucket locked to the endpoint.", config: bucketPolicyText(context) }),
    },
    {
      id: "endpoint-route",
      title: "Route S3 traffic through the endpoint",
      instructions: ["Select the endpoint, Manage route tables, and add the public subnet's route table.", "AWS adds a route to the S3 prefix list (pl-63a5400a in us-east-1) with the endpoint as target."],
      doneMeans: "The subnet's route table sends S3 traffic to the endpoint, and aws s3 ls s3://BUCKET from the instance succeeds.",
      troubleshooting: LAB2_MOMENTS.endpointRoute,
      check: checkEndpointRoute,
      doIt: buildEndpointRoute,
      evidence: (context) => ({ summary: endpointSummary(context), config: routeTable(context) }),
    },
    {
      id: "endpoint-policy",
      title: "Restrict the endpoint policy",
      instructions: ["Edit the endpoint's policy: change its Effect from Allow to Deny.", "Run aws s3 ls s3://BUCKET on the instance again: it is denied by the endpoint policy."],
      doneMeans: "The endpoint policy denies the instance's S3 requests, while requests from outside stay denied by the bucket policy.",
      troubleshooting: LAB2_MOMENTS.endpointPolicy,
      check: checkEndpointPolicy,
      doIt: buildEndpointPolicy,
      evidence: (context) => ({ summary: endpointSummary(context), config: endpointPolicyText(context) }),
    },
  ],
};
