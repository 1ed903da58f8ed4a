/**
 * The fuzzer's short form in `npm test` (the full run is `npm run fuzz` and a benchmark row), and
 * the checks it relies on, each shown to catch what it is there to catch.
 */
import { describe, expect, it } from "vitest";
import { emptyState } from "@/lib/sandbox/ec2/model/types";
import { errorShapeProblem } from "./error-shape";
import { ec2StateProblems, iamStateProblems } from "./invariants";
import { prototypeChanges, restorePrototypes, takePrototypeSnapshot } from "./prototypes";
import { formatReport, runFuzz } from "./run";
import type { RawResponse } from "./wire";

/** Enough for every service and mutation family to come up many times, within about a minute on two cores. */
const CI_REQUESTS = 5_000;
/** A run that cannot finish in this time fails as too slow, with its report (rather than as a test timeout). */
const DEADLINE_SECONDS = 90;

function response(status: number, body: string, contentType = "text/xml;charset=UTF-8"): RawResponse {
  return { status, headers: { "content-type": contentType }, body: Buffer.from(body) };
}

describe("the checks", () => {
  const ec2Error = '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID &apos;vpc-1&apos; does not exist</Message></Error></Errors><RequestID>r-1</RequestID></Response>';

  it("take each protocol's own error envelope and nothing else", () => {
    expect(errorShapeProblem(response(400, ec2Error), ["ec2"], "POST")).toBeUndefined();
    expect(errorShapeProblem(response(400, ec2Error), ["s3"], "POST")).toMatch(/not s3's error envelope/);
    expect(errorShapeProblem(response(400, ec2Error.replace("vpc-1", "vpc-\u0000")), ["ec2"], "POST")).toMatch(/characters XML forbids/);
    expect(errorShapeProblem(response(400, "Bad Request", "text/plain"), ["json"], "POST")).toMatch(/content-type/);
    expect(errorShapeProblem(response(400, '{"__type":"ValidationException","message":"x"}', "application/x-amz-json-1.1"), ["json"], "POST")).toBeUndefined();
    expect(errorShapeProblem(response(400, '{"message":"x"}', "application/x-amz-json-1.1"), ["json"], "POST")).toMatch(/no __type/);
    expect(errorShapeProblem({ status: 400, headers: {}, body: Buffer.from([0x3c, 0xff]) }, ["s3"], "GET")).toMatch(/not UTF-8/);
    expect(errorShapeProblem(response(404, ""), ["s3"], "HEAD")).toBeUndefined();
  });

  it("find a reference to a missing resource in EC2 and IAM state", () => {
    const state = emptyState();
    state.subnets["subnet-1"] = { id: "subnet-1", vpcId: "vpc-gone", cidrBlock: "10.0.0.0/24", availabilityZone: "us-east-1a", defaultForAz: false, mapPublicIpOnLaunch: false };
    expect(ec2StateProblems("111122223333", "us-east-1", state)).toContain("subnet subnet-1 is in missing VPC vpc-gone");
    const iam = { users: [{ userName: "lab-user", userId: "AIDA", path: "/", arn: "arn", createDate: "", attachedPolicyArns: ["arn:aws:iam::aws:policy/Nope"], inlinePolicies: [] }] };
    expect(iamStateProblems(iam)).toEqual(["lab-user has missing policy arn:aws:iam::aws:policy/Nope attached"]);
  });

  it("see a polluted Object.prototype, and put it back", () => {
    const before = takePrototypeSnapshot();
    (Object.prototype as Record<string, unknown>).fuzzPolluted = "yes";
    try {
      expect(prototypeChanges(before)).toEqual(['Object.prototype.fuzzPolluted was added: "yes"']);
    } finally {
      restorePrototypes(before);
    }
    expect(prototypeChanges(before)).toEqual([]);
    expect(({} as Record<string, unknown>).fuzzPolluted).toBeUndefined();
  });
});

describe("the sandbox under the fuzzer", () => {
  it(`answers ${CI_REQUESTS} valid, mutated, wrongly signed and unsigned requests as AWS would, and no tenant touches another`, async () => {
    const report = await runFuzz({ requests: CI_REQUESTS, deadlineSeconds: DEADLINE_SECONDS });
    const summary = formatReport(report);
    expect(report.sent, summary).toBe(CI_REQUESTS);
    expect(report.serverErrors.count, summary).toBe(0);
    expect(report.hangs.count, summary).toBe(0);
    expect(report.dropped.count, summary).toBe(0);
    expect(report.nonAwsErrors.count, summary).toBe(0);
    expect(report.prototypeChanges, summary).toEqual([]);
    expect(report.invariantFailures, summary).toEqual([]);
    expect(report.bystanderChanges, summary).toEqual([]);
    expect(report.activityLost, summary).toBe(0);
    expect(report.failed, summary).toBe(false);
  }, 180_000);
});
