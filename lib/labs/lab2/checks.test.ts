import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { FULL_ACCESS_ENDPOINT_POLICY, LAB2, lab2Snapshot, LAB_USER_ARN } from "@/lib/analysis/fixtures";
import { LABS } from "@/lib/labs/catalog";
import type { LabFacts, StepContext } from "@/lib/labs/steps";
import { checkAccessKeys, checkArchitecture, checkBucketPolicy, checkEndpoint, checkEndpointPolicy, checkEndpointRoute, checkS3OverInternet } from "./checks";
import { DENY_ALL_ENDPOINT_POLICY } from "./do-it";
import { lab2 } from "./index";
import { lab2Inventory } from "./inventory";

const FACTS: LabFacts = { accessKeys: [{ userName: "lab-user", accessKeyId: "AKIAEXAMPLE000000001", status: "Active" }], objects: { bucket: LAB2.bucket, keys: ["welcome.txt"] } };

function context(change: (snapshot: LabSnapshot) => void = () => {}, facts: LabFacts = FACTS): StepContext {
  const snapshot = lab2Snapshot();
  change(snapshot);
  return { snapshot, facts };
}

const withoutEndpointRoute = (s: LabSnapshot) => {
  s.vpcEndpoints[0].RouteTableIds = [];
  const table = s.routeTables.find((candidate) => candidate.RouteTableId === LAB2.rtb)!;
  table.Routes = table.Routes!.filter((route) => !route.DestinationPrefixListId);
};

describe("Lab 2 checks", () => {
  it("has the catalog's step ids and titles", () => {
    expect(lab2.steps.map(({ id, title }) => ({ id, title }))).toEqual(LABS.find((lab) => lab.id === "vpc-endpoints")!.steps);
  });

  it("step 1: the finished architecture, then an empty bucket and a missing bucket", async () => {
    expect(await checkArchitecture(context())).toEqual({
      done: true,
      findings: [`VPC ${LAB2.vpc} (10.0.0.0/16) has public subnet ${LAB2.subnet} routed to ${LAB2.igw}, instance ${LAB2.instance} is running, and bucket ${LAB2.bucket} exists.`],
    });
    expect((await checkArchitecture(context(undefined, { ...FACTS, objects: { bucket: LAB2.bucket, keys: [] } }))).findings).toEqual([`Bucket ${LAB2.bucket} is empty: upload a couple of objects.`]);
    expect((await checkArchitecture(context((s) => (s.buckets = []), { ...FACTS, objects: undefined }))).findings).toEqual([
      // The Create bucket form's hint, not a new random name on every check.
      "No S3 bucket for the lab yet: create one (e.g. vpc-lab-endpoints-111122223333) and upload a couple of objects.",
    ]);
  });

  it("step 3: no active access key", async () => {
    expect(await checkAccessKeys(context(undefined, { ...FACTS, accessKeys: [{ userName: "lab-user", accessKeyId: "AKIAEXAMPLE000000001", status: "Inactive" }] }))).toEqual({
      done: false,
      findings: ["No IAM user has an active access key: create one for your IAM user on the Access keys page, then run aws configure on the instance."],
    });
  });

  it("step 3's write-up names the key the student made for the CLI, not the older one the console signs with", () => {
    const keys = [
      { userName: "lab-user", accessKeyId: "AKIACONSOLE000000001", status: "Active", createdAt: "2026-12-07T05:35:30.000Z" },
      { userName: "lab-user", accessKeyId: "AKIASTUDENT000000002", status: "Active", createdAt: "2026-12-07T06:10:02.000Z" },
    ];
    const step = lab2.steps.find((candidate) => candidate.id === "access-keys")!;
    expect(step.evidence({ snapshot: lab2Snapshot(), facts: { ...FACTS, accessKeys: keys } }).summary).toBe("IAM user lab-user, access key AKIASTUDENT000000002 (the secret is never stored here)");
    // Deactivated, it is not the CLI's any more.
    const [console_, student] = keys;
    expect(step.evidence({ snapshot: lab2Snapshot(), facts: { ...FACTS, accessKeys: [console_, { ...student, status: "Inactive" }] } }).summary).toContain("AKIACONSOLE000000001");
  });

  it("step 3: a key the account already has does not count before the lab's instance runs", async () => {
    const stopped = await checkAccessKeys(context((s) => (s.instances[0].State = { Name: "stopped", Code: 80 })));
    expect(stopped).toEqual({ done: false, findings: ["Step 1 first: the lab's instance must be running."] });
    expect((await checkAccessKeys(context())).done).toBe(true);
  });

  it("step 4: the instance lists the bucket over the internet before the bucket policy", async () => {
    const result = await checkS3OverInternet(context((s) => {
      withoutEndpointRoute(s);
      s.buckets[0].policy = undefined;
    }));
    expect(result).toEqual({ done: true, findings: [`aws s3 ls s3://${LAB2.bucket} from ${LAB2.instance} is allowed, over the internet through ${LAB2.igw}.`] });
  });

  it("step 5: no gateway endpoint", async () => {
    expect(await checkEndpoint(context((s) => (s.vpcEndpoints = [])))).toEqual({
      done: false,
      findings: [`The lab VPC (${LAB2.vpc}) has no gateway endpoint for com.amazonaws.us-east-1.s3: create one of type Gateway.`],
    });
  });

  it("step 6: done once the policy locks the bucket, with the instance's denial as the surprise", async () => {
    const result = await checkBucketPolicy(context(withoutEndpointRoute));
    expect(result.done).toBe(true);
    expect(result.moment?.title).toBe("Locked out of your own bucket");
    // Told by the analysis, not seen by the student yet: the moment says which command gets it.
    expect(result.moment?.outputOf).toBe(`aws s3 ls s3://${LAB2.bucket} on ${LAB2.instance}`);
    expect(result.moment?.output).toBe(
      `An error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: ${LAB_USER_ARN} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${LAB2.bucket}" with an explicit deny in a resource-based policy`,
    );
    expect(await checkBucketPolicy(context((s) => (s.buckets[0].policy = undefined)))).toEqual({
      done: false,
      findings: [`Bucket ${LAB2.bucket} has no bucket policy: add one that denies s3:* unless aws:SourceVpce is ${LAB2.vpce}.`],
    });
  });

  it("step 6: a working policy passes whatever its key case (aws:sourceVpce), and a wrong one fails with the question it gets wrong", async () => {
    const lowerCaseKey = (s: LabSnapshot) => {
      withoutEndpointRoute(s);
      s.buckets[0].policy = s.buckets[0].policy!.replace("aws:SourceVpce", "aws:sourceVpce");
    };
    expect((await checkBucketPolicy(context(lowerCaseKey))).done).toBe(true);
    const otherEndpoint = (s: LabSnapshot) => (s.buckets[0].policy = s.buckets[0].policy!.replace(LAB2.vpce, "vpce-0aaaaaaaaaaaaaaaa"));
    expect((await checkBucketPolicy(context(otherEndpoint))).findings).toEqual([
      `The bucket policy of ${LAB2.bucket} does not lock the bucket to ${LAB2.vpce}:`,
      `s3:ListBucket on ${LAB2.bucket} through ${LAB2.vpce} is denied (statement DenyAccessUnlessFromVpce), but must be allowed.`,
      `s3:GetObject on ${LAB2.bucket}/welcome.txt through ${LAB2.vpce} is denied (statement DenyAccessUnlessFromVpce), but must be allowed.`,
    ]);
  });

  it("step 7: the missing route table is named, and the fix is the endpoint route", async () => {
    const missing = await checkEndpointRoute(context(withoutEndpointRoute));
    expect(missing.done).toBe(false);
    expect(missing.findings[0]).toBe(`Endpoint ${LAB2.vpce} is not associated with route table ${LAB2.rtb} of subnet ${LAB2.subnet}: add the route table to the endpoint.`);
    expect(missing.moment?.fix).toBe("Add the S3 gateway endpoint to the subnet's route table so the request carries aws:SourceVpce.");
    expect(await checkEndpointRoute(context())).toEqual({
      done: true,
      findings: [`Route table ${LAB2.rtb} sends S3 traffic to ${LAB2.vpce}: aws s3 ls s3://${LAB2.bucket} from ${LAB2.instance} is allowed through the endpoint.`],
    });
  });

  it("step 8: the default policy is not done; the deny policy is, with the endpoint's words", async () => {
    expect((await checkEndpointPolicy(context())).findings).toEqual([
      `The policy of endpoint ${LAB2.vpce} still lets the instance list ${LAB2.bucket}: change its Effect to Deny.`,
      `s3:ListBucket on ${LAB2.bucket} through ${LAB2.vpce} is allowed, but must be denied.`,
    ]);
    const denied = await checkEndpointPolicy(context((s) => (s.vpcEndpoints[0].PolicyDocument = DENY_ALL_ENDPOINT_POLICY)));
    expect(denied.done).toBe(true);
    expect(denied.findings).toEqual([
      `The policy of endpoint ${LAB2.vpce} now denies the instance: User: ${LAB_USER_ARN} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${LAB2.bucket}" with an explicit deny in a VPC endpoint policy`,
    ]);
  });

  it("lists the lab's items by step, the bucket included", () => {
    const snapshot = lab2Snapshot();
    snapshot.vpcEndpoints[0].PolicyDocument = DENY_ALL_ENDPOINT_POLICY;
    const items = lab2Inventory(snapshot).map((item) => `${item.step} ${item.kind} ${item.id}`);
    expect(items).toEqual(
      expect.arrayContaining([
        `8 endpoint-policy ${LAB2.vpce}`,
        `7 endpoint-route-table ${LAB2.vpce} route table ${LAB2.rtb}`,
        `5 vpc-endpoint ${LAB2.vpce}`,
        `6 bucket-policy ${LAB2.bucket}`,
        `1 bucket ${LAB2.bucket}`,
        `1 instance ${LAB2.instance}`,
        `1 vpc ${LAB2.vpc}`,
      ]),
    );
    snapshot.vpcEndpoints[0].PolicyDocument = FULL_ACCESS_ENDPOINT_POLICY;
    expect(lab2Inventory(snapshot).some((item) => item.kind === "endpoint-policy")).toBe(false);
  });
});
