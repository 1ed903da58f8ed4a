/**
 * A service's answer to a policy's findings: its table of rules. The table is a list of phases,
 * each a list of rules; a rule names the findings it refuses and the service's own error for
 * them (or null where the finding is fine after all). The error a service answers is that of the
 * first finding in its order: by phase, then the document before its statements and statement
 * by statement, then by the rule's place in its phase. IAM checks every statement for one thing
 * before the next (a phase per rule); S3 and EC2 check statement by statement (one phase for the
 * document, one for its statements).
 */
import type { AwsError } from "@/lib/sandbox/core/errors";
import type { Finding, FindingKind } from "./walker";

export interface PolicyRule {
  kinds: readonly FindingKind[];
  error: (finding: Finding) => AwsError | null;
}

export type PolicyTable = readonly (readonly PolicyRule[])[];

/** A rule refusing `kinds` with one error. */
export function refuse(kinds: FindingKind | readonly FindingKind[], error: (finding: Finding) => AwsError | null): PolicyRule {
  return { kinds: typeof kinds === "string" ? [kinds] : kinds, error };
}

interface Ranked {
  finding: Finding;
  rule: PolicyRule;
  key: readonly number[];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function rankFindings(findings: readonly Finding[], table: PolicyTable): Ranked[] {
  const place = new Map<FindingKind, { phase: number; index: number; rule: PolicyRule }>();
  table.forEach((rules, phase) => rules.forEach((rule, index) => rule.kinds.forEach((kind) => place.set(kind, { phase, index, rule }))));
  return findings.flatMap((finding, seq) => {
    const at = place.get(finding.kind);
    return at ? [{ finding, rule: at.rule, key: [at.phase, finding.statement ?? -1, at.index, seq] }] : [];
  });
}

/** The service's error for the first finding its table refuses, or null when it accepts them all. */
export function firstPolicyError(findings: readonly Finding[], table: PolicyTable): AwsError | null {
  const ranked = rankFindings(findings, table).sort((a, b) => compareKeys(a.key, b.key));
  for (const { finding, rule } of ranked) {
    const error = rule.error(finding);
    if (error) return error;
  }
  return null;
}
