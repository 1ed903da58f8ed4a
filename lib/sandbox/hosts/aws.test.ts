import { describe, expect, it } from "vitest";
import type { LabSnapshot } from "@/lib/analysis";
import { LAB1, LAB2, lab1Snapshot, lab2Snapshot } from "@/lib/analysis/fixtures";
import { runScript } from "./run-script";
import { fakeServices, LAB_KEY_ID, LAB_SECRET } from "./testing";
import type { InstanceApiCall } from "./types";
import { worldOf } from "./world-from-snapshot";

const BUCKET = LAB2.bucket;
const KEYS = `export AWS_ACCESS_KEY_ID=${LAB_KEY_ID} AWS_SECRET_ACCESS_KEY=${LAB_SECRET}\n`;

function lab2(change: (snapshot: LabSnapshot) => void = () => undefined): LabSnapshot {
  const snapshot = structuredClone(lab2Snapshot());
  change(snapshot);
  return snapshot;
}

/** Step 4/6: the endpoint exists but the subnet's route table does not use it. */
function withoutEndpointRoute(snapshot: LabSnapshot): void {
  const table = snapshot.routeTables.find((t) => t.RouteTableId === LAB2.rtb)!;
  table.Routes = table.Routes!.filter((route) => !route.DestinationPrefixListId);
  snapshot.vpcEndpoints[0].RouteTableIds = [];
}

function endpointPolicy(effect: "Allow" | "Deny", action: string) {
  return (snapshot: LabSnapshot) => {
    snapshot.vpcEndpoints[0].PolicyDocument = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: effect, Principal: "*", Action: action, Resource: "*" }] });
  };
}

async function run(snapshot: LabSnapshot, script: string, services = fakeServices({ [BUCKET]: { "a.txt": "hello", "notes/b.txt": "b" } })) {
  return runScript(worldOf(snapshot), services, LAB2.instance, script);
}

describe("aws s3 from the Lab 2 instance", () => {
  it("Step 4: lists buckets and objects over the internet gateway before any bucket policy", async () => {
    const result = await run(lab2((s) => { withoutEndpointRoute(s); s.buckets[0].policy = undefined; }), `${KEYS}aws s3 ls && aws s3 ls s3://${BUCKET}`);
    expect(result).toMatchObject({
      stdout: `2024-04-30 12:00:00 ${BUCKET}\n${"PRE".padStart(30)} notes/\n2024-05-01 11:00:00          5 a.txt\n`,
      stderr: "",
      exitCode: 0,
    });
  });

  it("Step 6: the bucket policy denies ListObjectsV2 arriving through the internet gateway; ListBuckets still works", async () => {
    const listing = await run(lab2(withoutEndpointRoute), `${KEYS}aws s3 ls s3://${BUCKET}`);
    expect(listing.stderr).toBe(
      `\nAn error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: arn:aws:iam::111122223333:user/lab-user is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${BUCKET}" with an explicit deny in a resource-based policy\n`,
    );
    expect(listing.exitCode).toBe(254);
    const buckets = await run(lab2(withoutEndpointRoute), `${KEYS}aws s3 ls`);
    expect(buckets).toMatchObject({ stdout: `2024-04-30 12:00:00 ${BUCKET}\n`, exitCode: 0 });
  });

  it("Step 7: through the endpoint route the listing, upload, download and delete succeed", async () => {
    const services = fakeServices({ [BUCKET]: { "a.txt": "hello" } });
    const script = `${KEYS}aws s3 ls s3://${BUCKET}/\necho hi > file.txt\naws s3 cp file.txt s3://${BUCKET}/\naws s3 cp s3://${BUCKET}/a.txt .\ncat a.txt; echo\naws s3 rm s3://${BUCKET}/file.txt`;
    const result = await run(lab2(), script, services);
    expect(result.stdout).toBe(
      [
        "2024-05-01 11:00:00          5 a.txt",
        `upload: ./file.txt to s3://${BUCKET}/file.txt`,
        `download: s3://${BUCKET}/a.txt to ./a.txt`,
        "hello",
        `delete: s3://${BUCKET}/file.txt`,
        "",
      ].join("\n"),
    );
    expect(result.exitCode).toBe(0);
    expect([...services.buckets.get(BUCKET)!.objects.keys()]).toEqual(["a.txt"]);
    expect(services.files.get(LAB2.instance)?.["/home/ec2-user/a.txt"]).toBe("hello");
  });

  it("Step 8: an endpoint policy that denies, or allows less, stops the instance", async () => {
    const denied = await run(lab2(endpointPolicy("Deny", "*")), `${KEYS}aws s3 ls s3://${BUCKET}`);
    expect(denied.stderr).toMatch(/ListObjectsV2 operation: User: arn:aws:iam::111122223333:user\/lab-user is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::nextwork-vpc-endpoints-ab" with an explicit deny in a VPC endpoint policy\n$/);
    const narrow = await run(lab2(endpointPolicy("Allow", "s3:GetObject")), `${KEYS}aws s3 ls s3://${BUCKET}`);
    expect(narrow.stderr).toMatch(/s3:ListBucket on resource: "arn:aws:s3:::nextwork-vpc-endpoints-ab" because no VPC endpoint policy allows the s3:ListBucket action\n$/);
    const upload = await run(lab2(endpointPolicy("Deny", "*")), `${KEYS}echo x > f.txt; aws s3 cp f.txt s3://${BUCKET}/f.txt`);
    expect(upload.stderr).toMatch(/^upload failed: \.\/f\.txt to s3:\/\/nextwork-vpc-endpoints-ab\/f\.txt An error occurred \(AccessDenied\) when calling the PutObject operation: .* with an explicit deny in a VPC endpoint policy\n$/);
    expect(upload.exitCode).toBe(1);
  });

  it("reports a missing bucket with S3's NoSuchBucket", async () => {
    const result = await run(lab2(), `${KEYS}aws s3 ls s3://no-such-bucket-here`);
    expect(result).toMatchObject({ stderr: "\nAn error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist\n", exitCode: 254 });
  });

  it("times out connecting when the instance has no way out (instance 2 of Lab 1 has no public IP)", async () => {
    const result = await runScript(worldOf(lab1Snapshot()), fakeServices(), LAB1.instance2, `${KEYS}aws s3 ls s3://${BUCKET}`);
    expect(result.stderr).toBe(`\nConnect timeout on endpoint URL: "https://${BUCKET}.s3.us-east-1.amazonaws.com/?list-type=2&prefix=&delimiter=%2F&encoding-type=url"\n`);
    expect(result.exitCode).toBe(255);
    expect(result.durationMs).toBeGreaterThanOrEqual(180_000);
  });
});

describe("aws s3api bucket policy calls from the Lab 2 instance", () => {
  function servicesWithPolicy() {
    const services = fakeServices({ [BUCKET]: { "a.txt": "hello" } });
    services.buckets.get(BUCKET)!.policy = lab2().buckets[0].policy;
    return services;
  }

  it("reads and deletes the endpoint-only policy through the endpoint; then there is none", async () => {
    const services = servicesWithPolicy();
    const policy = lab2().buckets[0].policy!;
    const read = await run(lab2(), `${KEYS}aws s3api get-bucket-policy --bucket ${BUCKET}`, services);
    expect(read).toMatchObject({ stdout: `{\n    "Policy": ${JSON.stringify(policy)}\n}\n`, stderr: "", exitCode: 0 });
    const removed = await run(lab2(), `${KEYS}aws s3api delete-bucket-policy --bucket ${BUCKET}`, services);
    expect(removed).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    const gone = await run(lab2(), `${KEYS}aws s3api get-bucket-policy --bucket ${BUCKET} --output text`, services);
    expect(gone).toMatchObject({ stderr: "\nAn error occurred (NoSuchBucketPolicy) when calling the GetBucketPolicy operation: The bucket policy does not exist\n", exitCode: 254 });
  });

  it("is denied deleting it over the internet gateway, as lab-user", async () => {
    const services = servicesWithPolicy();
    const result = await run(lab2(withoutEndpointRoute), `${KEYS}aws s3api delete-bucket-policy --bucket ${BUCKET}`, services);
    expect(result.stderr).toBe(
      `\nAn error occurred (AccessDenied) when calling the DeleteBucketPolicy operation: User: arn:aws:iam::111122223333:user/lab-user is not authorized to perform: s3:DeleteBucketPolicy on resource: "arn:aws:s3:::${BUCKET}" with an explicit deny in a resource-based policy\n`,
    );
    expect(result.exitCode).toBe(254);
    expect(services.buckets.get(BUCKET)!.policy).toBe(lab2().buckets[0].policy);
  });

  it("puts a policy from a file, and refuses a missing file, a malformed policy and a missing --bucket", async () => {
    const services = servicesWithPolicy();
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` }] });
    const put = await run(lab2(), `${KEYS}echo '${policy}' > p.json\naws s3api put-bucket-policy --bucket ${BUCKET} --policy file://p.json`, services);
    expect(put).toMatchObject({ stderr: "", exitCode: 0 });
    expect(JSON.parse(services.buckets.get(BUCKET)!.policy!)).toEqual(JSON.parse(policy));

    const noFile = await run(lab2(), `${KEYS}aws s3api put-bucket-policy --bucket ${BUCKET} --policy file://nope.json`, services);
    expect(noFile).toMatchObject({ stderr: "\nError parsing parameter '--policy': Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'\n", exitCode: 252 });
    const malformed = await run(lab2(), `${KEYS}aws s3api put-bucket-policy --bucket ${BUCKET} --policy '{"Statement": []}'`, services);
    expect(malformed.stderr).toMatch(/^\nAn error occurred \(MalformedPolicy\) when calling the PutBucketPolicy operation: /);
    expect(malformed.exitCode).toBe(254);
    const noBucket = await run(lab2(), `${KEYS}aws s3api delete-bucket-policy`, services);
    expect(noBucket.stderr).toContain("aws: error: the following arguments are required: --bucket");
    expect(noBucket.exitCode).toBe(252);
  });
});

describe("credentials", () => {
  it("has none on a fresh instance (no instance profile)", async () => {
    const result = await run(lab2(), "aws s3 ls");
    expect(result).toMatchObject({ stdout: "", stderr: '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n', exitCode: 253 });
  });

  it("takes VAR=value prefixes for one command only", async () => {
    const result = await run(lab2(), `AWS_ACCESS_KEY_ID=${LAB_KEY_ID} AWS_SECRET_ACCESS_KEY=${LAB_SECRET} aws sts get-caller-identity; aws sts get-caller-identity`);
    expect(result.stdout).toBe('{\n    "UserId": "AIDASAMPLEUSERID12345",\n    "Account": "111122223333",\n    "Arn": "arn:aws:iam::111122223333:user/lab-user"\n}\n');
    expect(result.stderr).toContain("Unable to locate credentials");
    expect(result.exitCode).toBe(253);
  });

  it("does not pass unexported shell variables to aws", async () => {
    const result = await run(lab2(), `AWS_ACCESS_KEY_ID=${LAB_KEY_ID}; AWS_SECRET_ACCESS_KEY=${LAB_SECRET}; aws s3 ls`);
    expect(result.exitCode).toBe(253);
  });

  it("writes ~/.aws files with configure set, and shows their origin with configure list", async () => {
    const script = `aws configure set aws_access_key_id ${LAB_KEY_ID}; aws configure set aws_secret_access_key ${LAB_SECRET}; aws configure set region us-east-1\naws configure list; aws configure get region; cat ~/.aws/credentials ~/.aws/config; aws sts get-caller-identity --output text`;
    const result = await run(lab2(), script);
    expect(result.stdout).toBe(
      [
        "      Name                    Value             Type    Location",
        "      ----                    -----             ----    --------",
        "   profile                <not set>             None    None",
        "access_key     ****************MPLE shared-credentials-file    ",
        "secret_key     ****************EKEY shared-credentials-file    ",
        "    region                us-east-1      config-file    ~/.aws/config",
        "us-east-1",
        "[default]",
        `aws_access_key_id = ${LAB_KEY_ID}`,
        `aws_secret_access_key = ${LAB_SECRET}`,
        "[default]",
        "region = us-east-1",
        "111122223333\tarn:aws:iam::111122223333:user/lab-user\tAIDASAMPLEUSERID12345",
        "",
      ].join("\n"),
    );
  });

  it("applies --query as the real CLI does: one field as text or JSON, a multiselect list, and CLI's error for a bad expression", async () => {
    const keys = `AWS_ACCESS_KEY_ID=${LAB_KEY_ID} AWS_SECRET_ACCESS_KEY=${LAB_SECRET}`;
    const script = [
      `${keys} aws sts get-caller-identity --query Account --output text`,
      `${keys} aws sts get-caller-identity --query Account`,
      `${keys} aws sts get-caller-identity --query '[Account, Arn]' --output text`,
      `${keys} aws sts get-caller-identity --query Missing --output text`,
    ].join("\n");
    const result = await run(lab2(), script);
    expect(result.stdout).toBe(["111122223333", '"111122223333"', "111122223333\tarn:aws:iam::111122223333:user/lab-user", "None", ""].join("\n"));
    const bad = await run(lab2(), `${keys} aws sts get-caller-identity --query 'Account[' --output text`);
    expect(bad.exitCode).toBe(252);
    expect(bad.stderr).toContain("argument --query: Bad value for --query Account[");
  });

  it("rejects a key IAM does not know, and a wrong secret, with each service's error", async () => {
    const unknown = await run(lab2(), `AWS_ACCESS_KEY_ID=AKIANOTAREALKEY00000 AWS_SECRET_ACCESS_KEY=x aws s3 ls s3://${BUCKET}`);
    expect(unknown).toMatchObject({ stderr: "\nAn error occurred (InvalidAccessKeyId) when calling the ListObjectsV2 operation: The AWS Access Key Id you provided does not exist in our records.\n", exitCode: 254 });
    const wrongSecret = await run(lab2(), `AWS_ACCESS_KEY_ID=${LAB_KEY_ID} AWS_SECRET_ACCESS_KEY=wrong aws sts get-caller-identity`);
    expect(wrongSecret.stderr).toBe(
      "\nAn error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n",
    );
  });

  it("times out on STS without a route to the internet", async () => {
    const result = await runScript(worldOf(lab1Snapshot()), fakeServices(), LAB1.instance2, `${KEYS}aws sts get-caller-identity`);
    expect(result).toMatchObject({ stderr: '\nConnect timeout on endpoint URL: "https://sts.us-east-1.amazonaws.com/"\n', exitCode: 255 });
  });
});

describe("the instance's CLI calls in the account's activity", () => {
  it("logs each call that reached AWS with its caller, action and error code; calls that never left the instance are not logged", async () => {
    const calls: InstanceApiCall[] = [];
    const services = { ...fakeServices({ [BUCKET]: { "a.txt": "hello" } }), recordApiCall: (call: InstanceApiCall) => void calls.push(call) };
    const script = `aws s3 ls\n${KEYS}aws sts get-caller-identity\naws s3 ls s3://${BUCKET}\naws s3 ls s3://no-such-bucket-here`;
    await run(lab2(withoutEndpointRoute), script, services);
    expect(calls.map(({ service, action, errorCode, instanceId }) => ({ service, action, errorCode, instanceId }))).toEqual([
      { service: "sts", action: "GetCallerIdentity", errorCode: null, instanceId: LAB2.instance },
      { service: "s3", action: "ListObjectsV2", errorCode: "AccessDenied", instanceId: LAB2.instance },
      { service: "s3", action: "ListObjectsV2", errorCode: "NoSuchBucket", instanceId: LAB2.instance },
    ]);
    expect(calls[0]).toMatchObject({ accessKeyId: LAB_KEY_ID, caller: { arn: "arn:aws:iam::111122223333:user/lab-user" } });
    expect(calls[1]).toMatchObject({ summary: `Bucket=${BUCKET}`, httpStatus: 403 });
  });
});
