import { describe, expect, it } from "vitest";
import { ACCOUNT_ID, LAB_USER_ARN, LAB2, lab2Snapshot, S3_PREFIX_LIST_US_EAST_1 } from "./fixtures";
import { analyzeS3Request, connectTimeoutUrl, type S3Query } from "./s3-access";
import { indexSnapshot, type LabSnapshot } from "./lab-snapshot";

const BUCKET_ARN = `arn:aws:s3:::${LAB2.bucket}`;
const listFromInstance: S3Query = { from: { instanceId: LAB2.instance }, principalArn: LAB_USER_ARN, action: "s3:ListBucket", bucket: LAB2.bucket };

function lab2With(change: (snapshot: LabSnapshot) => void): LabSnapshot {
  const snapshot = lab2Snapshot();
  change(snapshot);
  return snapshot;
}

function withoutEndpointRoute(snapshot: LabSnapshot): void {
  const table = snapshot.routeTables.find((candidate) => candidate.RouteTableId === LAB2.rtb);
  if (table) table.Routes = table.Routes?.filter((route) => route.DestinationPrefixListId !== S3_PREFIX_LIST_US_EAST_1);
}

function withEndpointPolicy(statement: object) {
  return (snapshot: LabSnapshot) => (snapshot.vpcEndpoints[0].PolicyDocument = JSON.stringify({ Version: "2012-10-17", Statement: [statement] }));
}

const ask = (snapshot: LabSnapshot, query: S3Query = listFromInstance) => analyzeS3Request(indexSnapshot(snapshot), query);

describe("Lab 2: S3 from the instance", () => {
  it("Step 4: goes out through the internet gateway and is allowed before any bucket policy", async () => {
    const verdict = await ask(lab2With((s) => {
      withoutEndpointRoute(s);
      s.buckets[0].policy = undefined;
    }));
    expect(verdict.outcome).toBe("allowed");
    expect(verdict.route).toEqual({ kind: "internet-gateway", gatewayId: LAB2.igw, sourceIp: LAB2.instancePublicIp });
    expect(verdict.decidingPolicy).toEqual({ type: "identity", policy: "lab-user policy 1", statement: "1" });
  });

  it("Step 6: the bucket policy denies the request still going through the internet gateway", async () => {
    const verdict = await ask(lab2With(withoutEndpointRoute));
    const message = `User: ${LAB_USER_ARN} is not authorized to perform: s3:ListBucket on resource: "${BUCKET_ARN}" with an explicit deny in a resource-based policy`;
    expect(verdict).toMatchObject({ outcome: "denied", allowed: false, deniedBy: "resource", errorCode: "AccessDenied", errorMessage: message });
    expect(verdict.cliOutput).toBe(`An error occurred (AccessDenied) when calling the ListObjectsV2 operation: ${message}`);
    expect(verdict.decidingPolicy).toEqual({ type: "resource", policy: LAB2.bucket, statement: "DenyAccessUnlessFromVpce" });
    expect(verdict.hops.at(-1)).toMatchObject({ componentId: LAB2.bucket, componentType: "s3-bucket", verdict: "deny" });
    expect(verdict.explanation).toBe(`The bucket policy of ${LAB2.bucket} denies s3:ListBucket for requests arriving over the internet (statement DenyAccessUnlessFromVpce).`);
    expect(verdict.fix).toBe("Add the S3 gateway endpoint to the subnet's route table so the request carries aws:SourceVpce.");
  });

  it("Step 6: bare `aws s3 ls` (ListBuckets) is not affected by the bucket policy", async () => {
    const verdict = await ask(lab2With(withoutEndpointRoute), { ...listFromInstance, action: "s3:ListAllMyBuckets", bucket: undefined });
    expect(verdict.outcome).toBe("allowed");
    expect(verdict.hops.some((hop) => hop.componentType === "s3-bucket")).toBe(false);
  });

  it("Step 7: with the endpoint route the request goes through the endpoint and is allowed", async () => {
    const verdict = await ask(lab2Snapshot());
    expect(verdict.outcome).toBe("allowed");
    expect(verdict.route).toEqual({ kind: "vpc-endpoint", endpointId: LAB2.vpce, vpcId: LAB2.vpc });
    const routeHop = verdict.hops.find((hop) => hop.componentType === "route-table" && hop.direction === "forward");
    expect(routeHop?.detail).toBe(`route ${S3_PREFIX_LIST_US_EAST_1} (16.15.176.0/20) -> ${LAB2.vpce}`);
    expect(verdict.hops.some((hop) => hop.componentType === "internet-gateway")).toBe(false);
  });

  it("Step 7: get and put objects succeed through the endpoint too", async () => {
    for (const action of ["s3:GetObject", "s3:PutObject"]) {
      const verdict = await ask(lab2Snapshot(), { ...listFromInstance, action, key: "notes/hello.txt" });
      expect(verdict.outcome, action).toBe("allowed");
    }
  });

  it("Step 7: version actions (DeleteObjectVersion, as Ansible empties a bucket) are judged on the object's ARN", async () => {
    const actions = ["s3:GetObjectVersion", "s3:DeleteObjectVersion", "s3:GetObjectVersionTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectVersionTagging", "s3:GetObjectVersionAcl", "s3:PutObjectVersionAcl"];
    for (const action of actions) {
      const verdict = await ask(lab2Snapshot(), { ...listFromInstance, action, key: "notes/hello.txt" });
      expect(verdict.outcome, action).toBe("allowed");
    }
  });

  it("Step 8: an endpoint policy with Effect Deny denies the instance", async () => {
    const verdict = await ask(lab2With(withEndpointPolicy({ Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "*", Resource: "*" })));
    const message = `User: ${LAB_USER_ARN} is not authorized to perform: s3:ListBucket on resource: "${BUCKET_ARN}" with an explicit deny in a VPC endpoint policy`;
    expect(verdict).toMatchObject({ outcome: "denied", deniedBy: "vpc-endpoint", errorMessage: message });
    expect(verdict.decidingPolicy).toEqual({ type: "vpc-endpoint", policy: LAB2.vpce, statement: "DenyAll" });
    expect(verdict.hops.at(-1)).toMatchObject({ componentId: LAB2.vpce, componentType: "vpc-endpoint", verdict: "deny" });
  });

  it("Step 8: an endpoint policy that allows less gives the implicit-deny message", async () => {
    const verdict = await ask(lab2With(withEndpointPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" })));
    expect(verdict.errorMessage).toBe(
      `User: ${LAB_USER_ARN} is not authorized to perform: s3:ListBucket on resource: "${BUCKET_ARN}" because no VPC endpoint policy allows the s3:ListBucket action`,
    );
    expect(verdict.deniedBy).toBe("vpc-endpoint");
  });

  it("times out with the CLI's message when the subnet has no way out", async () => {
    const verdict = await ask(lab2With((s) => {
      withoutEndpointRoute(s);
      const table = s.routeTables.find((candidate) => candidate.RouteTableId === LAB2.rtb);
      if (table) table.Routes = table.Routes?.filter((route) => route.DestinationCidrBlock !== "0.0.0.0/0");
    }));
    expect(verdict.outcome).toBe("timeout");
    expect(verdict.route).toEqual({ kind: "none" });
    expect(verdict.cliOutput).toBe(`Connect timeout on endpoint URL: "https://${LAB2.bucket}.s3.us-east-1.amazonaws.com/?list-type=2&prefix=&delimiter=%2F&encoding-type=url"`);
    expect(verdict.network?.explanation?.code).toBe("NO_ROUTE_TO_DESTINATION");
    expect(verdict.fix).toBe(`Add a route 0.0.0.0/0 -> ${LAB2.igw} to route table ${LAB2.rtb}.`);
  });

  it("times out when the instance has no public address and no endpoint route", async () => {
    const verdict = await ask(lab2With((s) => {
      withoutEndpointRoute(s);
      s.instances[0].PublicIpAddress = undefined;
    }));
    expect(verdict.outcome).toBe("timeout");
    expect(verdict.network?.explanation?.code).toBe("IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS");
  });

  it("denies a user without identity policies", async () => {
    const verdict = await ask(lab2With((s) => (s.identities[0].policies = [])));
    expect(verdict.errorMessage).toBe(`User: ${LAB_USER_ARN} is not authorized to perform: s3:ListBucket on resource: "${BUCKET_ARN}" because no identity-based policy allows the s3:ListBucket action`);
  });
});

describe("Lab 2: S3 from outside AWS", () => {
  const fromConsole: S3Query = { from: { outside: { sourceIp: "203.0.113.10" } }, principalArn: LAB_USER_ARN, action: "s3:ListBucket", bucket: LAB2.bucket };

  it("Step 6: the console itself is locked out of the bucket", async () => {
    const verdict = await ask(lab2Snapshot(), fromConsole);
    expect(verdict.route).toEqual({ kind: "outside", sourceIp: "203.0.113.10" });
    expect(verdict.deniedBy).toBe("resource");
    expect(verdict.explanation).toContain("from outside AWS");
  });

  it("the root user can still read and delete the bucket policy (how students recover)", async () => {
    const root = `arn:aws:iam::${ACCOUNT_ID}:root`;
    for (const action of ["s3:GetBucketPolicy", "s3:DeleteBucketPolicy"]) {
      expect((await ask(lab2Snapshot(), { ...fromConsole, principalArn: root, action })).outcome, action).toBe("allowed");
    }
    const list = await ask(lab2Snapshot(), { ...fromConsole, principalArn: root });
    expect(list.errorMessage).toBe(`User: ${root} is not authorized to perform: s3:ListBucket on resource: "${BUCKET_ARN}" with an explicit deny in a resource-based policy`);
  });

  it("reports an unknown bucket and an unreadable policy honestly", async () => {
    const missing = await ask(lab2Snapshot(), { ...fromConsole, bucket: "no-such-bucket-here" });
    expect(missing.cliOutput).toBe("An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist");
    const unreadable = await ask(lab2With((s) => (s.buckets[0] = { name: LAB2.bucket, ownerAccountId: ACCOUNT_ID, policyError: "AccessDenied" })), fromConsole);
    expect(unreadable.outcome).toBe("unknown");
  });

  it("Step 8 with the bucket policy unreadable: the endpoint's explicit deny decides anyway; a mere allow-less does not", async () => {
    const unreadable = (s: LabSnapshot) => (s.buckets[0] = { name: LAB2.bucket, ownerAccountId: ACCOUNT_ID, policyError: "AccessDenied" });
    const denyAll = await ask(lab2With((s) => (unreadable(s), withEndpointPolicy({ Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "*", Resource: "*" })(s))));
    expect(denyAll).toMatchObject({ outcome: "denied", deniedBy: "vpc-endpoint" });
    expect(denyAll.errorMessage).toContain("with an explicit deny in a VPC endpoint policy");
    const allowLess = await ask(lab2With((s) => (unreadable(s), withEndpointPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" })(s))));
    expect(allowLess.outcome).toBe("unknown");
  });
});

describe("connectTimeoutUrl", () => {
  it("names the URL botocore would have called", () => {
    expect(connectTimeoutUrl("us-east-1", "ListBuckets")).toBe("https://s3.us-east-1.amazonaws.com/");
    expect(connectTimeoutUrl("us-east-1", "GetObject", "b", "dir/my file.txt")).toBe("https://b.s3.us-east-1.amazonaws.com/dir/my%20file.txt");
    expect(connectTimeoutUrl("eu-west-1", "GetBucketPolicy", "b")).toBe("https://b.s3.eu-west-1.amazonaws.com/?policy");
  });
});
