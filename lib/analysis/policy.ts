import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";

export type PolicyType = "identity" | "permissions-boundary" | "resource" | "vpc-endpoint";

export interface NamedPolicy {
  /** Shown in verdicts: a bucket name, an endpoint id, "lab-user policy 1". */
  name: string;
  document: string;
}

export interface PolicyRequest {
  principalArn: string;
  action: string;
  resourceArn: string;
  resourceAccountId: string;
  context: Record<string, string | string[]>;
  identityPolicies: NamedPolicy[];
  /** The principal's permissions boundary (a role's), which caps what its identity policies grant. */
  permissionsBoundary?: NamedPolicy;
  resourcePolicy?: NamedPolicy;
  endpointPolicy?: NamedPolicy;
}

export interface DecidingStatement {
  type: PolicyType;
  policy: string;
  /** The statement's Sid, or its position ("2") when it has none. */
  statement: string;
}

export interface PolicyDecision {
  result: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
  /** For a denial: which kind of policy refused (explicitly) or failed to allow (implicitly). */
  deniedBy?: PolicyType;
  deciding?: DecidingStatement;
}

interface Analysis {
  result: string;
  allowStatements: { policyId: string; explain: { identifier: string } }[];
  denyStatements: { policyId: string; explain: { identifier: string } }[];
}

type Analyses = { identity?: Analysis; boundary?: Analysis; resource?: Analysis; endpoint?: Analysis; resourceName?: string };

function analysisOf(type: PolicyType, analyses: Analyses): Analysis | undefined {
  return { identity: analyses.identity, "permissions-boundary": analyses.boundary, resource: analyses.resource, "vpc-endpoint": analyses.endpoint }[type];
}

function statementOf(type: PolicyType, analyses: Analyses, effect: "allow" | "deny"): DecidingStatement | undefined {
  const analysis = analysisOf(type, analyses);
  const statement = (effect === "allow" ? analysis?.allowStatements : analysis?.denyStatements)?.[0];
  // The simulator gives the resource policy no id of its own; name it after the bucket.
  const policy = type === "resource" ? (analyses.resourceName ?? statement?.policyId) : statement?.policyId;
  return statement && { type, policy: policy ?? type, statement: statement.explain.identifier };
}

function parse(policy: NamedPolicy): unknown {
  try {
    return JSON.parse(policy.document);
  } catch {
    throw new Error(`Policy ${policy.name} is not valid JSON`);
  }
}

function toSimulation(request: PolicyRequest): Simulation {
  return {
    request: {
      principal: request.principalArn,
      action: request.action,
      resource: { resource: request.resourceArn, accountId: request.resourceAccountId },
      contextVariables: request.context,
    },
    identityPolicies: request.identityPolicies.map((policy) => ({ name: policy.name, policy: parse(policy) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    permissionBoundaryPolicies: request.permissionsBoundary ? [{ name: request.permissionsBoundary.name, policy: parse(request.permissionsBoundary) }] : undefined,
    resourcePolicy: request.resourcePolicy && parse(request.resourcePolicy),
    vpcEndpointPolicies: request.endpointPolicy ? [{ name: request.endpointPolicy.name, policy: parse(request.endpointPolicy) }] : undefined,
  };
}

/** Which policy refused, in the order AWS reports it: endpoint, identity, permissions boundary, then resource. */
function denial(result: PolicyDecision["result"], analyses: Analyses): Pick<PolicyDecision, "deniedBy" | "deciding"> {
  const order: PolicyType[] = ["vpc-endpoint", "identity", "permissions-boundary", "resource"];
  if (result === "ExplicitlyDenied") {
    const type = order.find((candidate) => analysisOf(candidate, analyses)?.result === "ExplicitlyDenied") ?? "resource";
    return { deniedBy: type, deciding: statementOf(type, analyses, "deny") };
  }
  if (analyses.endpoint && analyses.endpoint.result !== "Allowed") return { deniedBy: "vpc-endpoint" };
  if (analyses.identity?.result !== "Allowed") return { deniedBy: "identity" };
  if (analyses.boundary && analyses.boundary.result !== "Allowed") return { deniedBy: "permissions-boundary" };
  return { deniedBy: "resource" };
}

/**
 * Evaluates identity, resource (bucket) and VPC endpoint policies together with
 * @cloud-copilot/iam-simulate and reports the deciding policy and statement.
 */
export async function evaluatePolicies(request: PolicyRequest): Promise<PolicyDecision> {
  const response = await runSimulation(toSimulation(request), {});
  if (response.resultType === "error") throw new Error(`Policy simulation failed: ${response.errors.message}`);
  const analysis = response.resultType === "single" ? response.result.analysis : response.results[0]?.analysis;
  const result = response.overallResult;
  const analyses: Analyses = {
    identity: analysis?.identityAnalysis as Analysis | undefined,
    boundary: analysis?.permissionBoundaryAnalysis as Analysis | undefined,
    resource: analysis?.resourceAnalysis as Analysis | undefined,
    endpoint: analysis?.endpointAnalysis as Analysis | undefined,
    resourceName: request.resourcePolicy?.name,
  };
  if (result !== "Allowed") return { result, ...denial(result, analyses) };
  const deciding = statementOf("resource", analyses, "allow") ?? statementOf("identity", analyses, "allow");
  return { result, deciding };
}
