/**
 * The questions that define Lab 2's policy steps, asked of the policy evaluator (iam-simulate via
 * lib/analysis), never of the policy's text: any spelling, key case (aws:sourceVpce), operator
 * (StringNotEquals, StringNotEqualsIfExists, ForAnyValue:StringNotLike, ...) or layout that does
 * the job passes, and a policy that does not gets the question it fails as its reason.
 *
 * Each question isolates one policy: the caller holds an identity policy allowing everything, so
 * only the policy under judgement can refuse.
 */
import { evaluatePolicies, type NamedPolicy, type PolicyDecision } from "@/lib/analysis";

const ALLOW_EVERYTHING = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

/** A public address outside AWS (TEST-NET-1), as the S3 console's requests arrive. */
const OUTSIDE_IP = "192.0.2.1";

export interface PolicySetting {
  accountId: string;
  bucket: string;
  endpointId: string;
  vpcId: string;
  /** Who makes the requests (the CLI's IAM user), in the bucket's account. */
  principalArn: string;
}

interface Question {
  /** What is asked, as the student reads it in a finding. */
  words: string;
  action: string;
  resourceArn: string;
  throughEndpoint: boolean;
  /** The answer the step needs. */
  allowed: boolean;
}

function questions(setting: PolicySetting, objectKey: string): { outside: Question[]; inside: Question[] } {
  const bucketArn = `arn:aws:s3:::${setting.bucket}`;
  const objectArn = `${bucketArn}/${objectKey}`;
  return {
    outside: [
      { words: `s3:ListBucket on ${setting.bucket} from outside ${setting.endpointId}`, action: "s3:ListBucket", resourceArn: bucketArn, throughEndpoint: false, allowed: false },
      { words: `s3:GetObject on ${setting.bucket}/${objectKey} from outside ${setting.endpointId}`, action: "s3:GetObject", resourceArn: objectArn, throughEndpoint: false, allowed: false },
    ],
    inside: [
      { words: `s3:ListBucket on ${setting.bucket} through ${setting.endpointId}`, action: "s3:ListBucket", resourceArn: bucketArn, throughEndpoint: true, allowed: true },
      { words: `s3:GetObject on ${setting.bucket}/${objectKey} through ${setting.endpointId}`, action: "s3:GetObject", resourceArn: objectArn, throughEndpoint: true, allowed: true },
    ],
  };
}

function requestContext(setting: PolicySetting, throughEndpoint: boolean): Record<string, string> {
  const common = { "aws:PrincipalArn": setting.principalArn, "aws:PrincipalAccount": setting.accountId, "aws:SecureTransport": "true" };
  if (!throughEndpoint) return { ...common, "aws:SourceIp": OUTSIDE_IP };
  return { ...common, "aws:SourceVpce": setting.endpointId, "aws:SourceVpc": setting.vpcId, "aws:SourceIp": "10.0.0.10" };
}

type Policies = Pick<Parameters<typeof evaluatePolicies>[0], "resourcePolicy" | "endpointPolicy">;

async function ask(setting: PolicySetting, question: Question, policies: Policies): Promise<PolicyDecision> {
  return evaluatePolicies({
    principalArn: setting.principalArn,
    action: question.action,
    resourceArn: question.resourceArn,
    resourceAccountId: setting.accountId,
    context: requestContext(setting, question.throughEndpoint),
    identityPolicies: [{ name: "the caller's permissions", document: ALLOW_EVERYTHING }],
    ...policies,
  });
}

export interface PolicyJudgement {
  done: boolean;
  /** When not done: each question the policy answers wrongly, with what it answered. */
  failures: string[];
}

function failure(question: Question, decision: PolicyDecision): string {
  const by = decision.deciding ? ` (statement ${decision.deciding.statement})` : "";
  return question.allowed ? `${question.words} is denied${by}, but must be allowed.` : `${question.words} is allowed, but must be denied.`;
}

async function judge(setting: PolicySetting, asked: Question[], policies: Policies): Promise<PolicyJudgement> {
  const decisions = await Promise.all(asked.map((question) => ask(setting, question, policies)));
  const failures = asked.flatMap((question, index) => ((decisions[index].result === "Allowed") === question.allowed ? [] : [failure(question, decisions[index])]));
  return { done: failures.length === 0, failures };
}

/** Lab 2 Step 6: the bucket policy denies S3 from outside the endpoint and lets requests through it. */
export async function judgeBucketPolicy(setting: PolicySetting, policy: string, objectKey = "welcome.txt"): Promise<PolicyJudgement> {
  const { outside, inside } = questions(setting, objectKey);
  const resourcePolicy: NamedPolicy = { name: setting.bucket, document: policy };
  try {
    return await judge(setting, [...outside, ...inside], { resourcePolicy });
  } catch (error) {
    return { done: false, failures: [`The bucket policy cannot be evaluated: ${(error as Error).message}.`] };
  }
}

/** Lab 2 Step 8: the endpoint policy refuses the instance's `aws s3 ls s3://BUCKET` through it. */
export async function judgeEndpointPolicy(setting: PolicySetting, policy: string): Promise<PolicyJudgement> {
  const listThrough = questions(setting, "welcome.txt").inside.find((question) => question.action === "s3:ListBucket")!;
  const endpointPolicy: NamedPolicy = { name: setting.endpointId, document: policy };
  const mustBeDenied = [{ ...listThrough, allowed: false }];
  try {
    return await judge(setting, mustBeDenied, { endpointPolicy });
  } catch (error) {
    return { done: false, failures: [`The endpoint policy cannot be evaluated: ${(error as Error).message}.`] };
  }
}
