/**
 * Lab 2's policy checks against the intended verdict, on generated policies: every correct bucket
 * policy (whatever its key case, operator, layout, extra statements) passes Step 6, every policy
 * that does not lock the bucket to the endpoint fails it; the same for the endpoint policy of Step 8.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LAB2, lab2Snapshot } from "@/lib/analysis/fixtures";
import type { LabFacts, StepContext } from "@/lib/labs/steps";
import { checkBucketPolicy, checkEndpointPolicy } from "./checks";

const FACTS: LabFacts = { accessKeys: [{ userName: "lab-user", accessKeyId: "AKIAEXAMPLE000000001", status: "Active" }], objects: { bucket: LAB2.bucket, keys: ["welcome.txt"] } };
const OTHER_VPCE = "vpce-0aaaaaaaaaaaaaaaa";

function withBucketPolicy(policy: string): StepContext {
  const snapshot = lab2Snapshot();
  snapshot.buckets[0].policy = policy;
  return { snapshot, facts: FACTS };
}

function withEndpointPolicy(policy: string): StepContext {
  const snapshot = lab2Snapshot();
  snapshot.vpcEndpoints[0].PolicyDocument = policy;
  return { snapshot, facts: FACTS };
}

const bucketArn = `arn:aws:s3:::${LAB2.bucket}`;

/** The same key as AWS reads it, case-insensitively. */
const sourceVpceKey = fc.constantFrom("aws:SourceVpce", "aws:sourceVpce", "aws:sourcevpce", "AWS:SOURCEVPCE", "aws:SourceVPCE");
/** Operators that, in a Deny, mean "unless the request came through this endpoint". */
const negatedOperator = fc.constantFrom("StringNotEquals", "StringNotEqualsIfExists", "StringNotLike", "StringNotLikeIfExists");
const principal = fc.constantFrom<unknown>("*", { AWS: "*" }, { AWS: ["*"] });
const allS3 = fc.constantFrom<unknown>("s3:*", ["s3:*"], "S3:*", ["s3:ListBucket", "s3:GetObject", "s3:PutObject"], ["s3:List*", "s3:Get*"]);
const bucketAndObjects = fc.constantFrom<unknown>([bucketArn, `${bucketArn}/*`], [`${bucketArn}/*`, bucketArn], `${bucketArn}*`, "*");
const sid = fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,12}$/), { nil: undefined });
const value = (id: string) => fc.constantFrom<unknown>(id, [id], [id, OTHER_VPCE]);
const version = fc.constantFrom("2012-10-17", "2008-10-17");

interface Generated {
  policy: string;
  /** The intended verdict: does this policy lock the bucket to the lab's endpoint? */
  locks: boolean;
  why: string;
}

const denyUnlessEndpoint = fc.record({ sid, principal, action: allS3, resource: bucketAndObjects, key: sourceVpceKey, operator: negatedOperator, value: value(LAB2.vpce) });

function statement(parts: { sid?: string; principal: unknown; action: unknown; resource: unknown; key: string; operator: string; value: unknown }, effect = "Deny") {
  return { ...(parts.sid ? { Sid: parts.sid } : {}), Effect: effect, Principal: parts.principal, Action: parts.action, Resource: parts.resource, Condition: { [parts.operator]: { [parts.key]: parts.value } } };
}

/** An Allow that does not change the verdict: the owner's identity already allows, and a Deny wins. */
const harmlessAllow = fc.constantFrom(undefined, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${"111122223333"}:root` }, Action: "s3:GetObject", Resource: `${bucketArn}/*` });

const correct: fc.Arbitrary<Generated> = fc.record({ deny: denyUnlessEndpoint, extra: harmlessAllow, version }).map(({ deny, extra, version: v }) => ({
  policy: JSON.stringify({ Version: v, Statement: [statement(deny), ...(extra ? [extra] : [])] }),
  locks: true,
  why: "denies unless through the endpoint",
}));

const incorrect: fc.Arbitrary<Generated> = fc.oneof(
  denyUnlessEndpoint.map((parts) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement({ ...parts, value: OTHER_VPCE })] }), locks: false, why: "names another endpoint" })),
  denyUnlessEndpoint.map((parts) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement({ ...parts, operator: "StringEquals" })] }), locks: false, why: "denies only through the endpoint" })),
  denyUnlessEndpoint.map((parts) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement(parts, "Allow")] }), locks: false, why: "allows instead of denying" })),
  denyUnlessEndpoint.map((parts) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement({ ...parts, resource: `${bucketArn}/*` })] }), locks: false, why: "leaves the bucket itself (ListBucket) open" })),
  denyUnlessEndpoint.map((parts) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement({ ...parts, action: "s3:PutObject" })] }), locks: false, why: "denies only uploads" })),
  denyUnlessEndpoint.map((parts) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement({ ...parts, key: "aws:SourceVpc" })] }), locks: false, why: "compares the VPC id key with an endpoint id" })),
);

describe("Lab 2 policy checks decide as the evaluator does", () => {
  it("step 6 passes every correct bucket policy and fails every incorrect one, with a reason", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(correct, incorrect), async ({ policy, locks, why }) => {
        const result = await checkBucketPolicy(withBucketPolicy(policy));
        expect(result.done, `${why}: ${policy}\n${result.findings.join("\n")}`).toBe(locks);
        if (!locks) expect(result.findings.length).toBeGreaterThan(1);
      }),
      { numRuns: 80 },
    );
  });

  const denyThrough = fc.record({
    action: fc.constantFrom<unknown>("*", "s3:*", ["s3:ListBucket"], "s3:List*"),
    resource: fc.constantFrom<unknown>("*", bucketArn, [bucketArn, `${bucketArn}/*`]),
    // iam-simulate accepts only "*" as an endpoint policy's principal.
    principal: fc.constant("*"),
  });
  const endpointPolicies: fc.Arbitrary<Generated> = fc.oneof(
    denyThrough.map(({ action, resource, principal: p }) => ({ policy: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: p, Action: action, Resource: resource }] }), locks: true, why: "denies listing" })),
    fc.constant({ policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${bucketArn}/*` }] }), locks: true, why: "allows only GetObject" }),
    denyThrough.map(({ resource, principal: p }) => ({ policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: p, Action: "*", Resource: resource }] }), locks: false, why: "still allows listing" })),
    fc.constant({ policy: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "*" }, { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }), locks: false, why: "denies only uploads" }),
  );

  it("step 8 passes every endpoint policy that denies the instance's listing and fails the others", async () => {
    await fc.assert(
      fc.asyncProperty(endpointPolicies, async ({ policy, locks, why }) => {
        const result = await checkEndpointPolicy(withEndpointPolicy(policy));
        expect(result.done, `${why}: ${policy}\n${result.findings.join("\n")}`).toBe(locks);
      }),
      { numRuns: 40 },
    );
  });
});
