/** How every EC2 operation runs: parameters in, wire-named object out, DryRun answered as AWS. */
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { dryRunSucceeded } from "../model/errors";
import type { Ec2State } from "../model/types";
import { dryRun } from "./params";

export type Ec2Handler = (params: QueryParams, ctx: RequestContext, state: Ec2State) => unknown;

/**
 * A DryRun request runs the whole operation (so every check AWS would make is made) and then
 * answers DryRunOperation; the core discards the changes made on its copy of the state.
 */
function withDryRun(handler: Ec2Handler): Ec2Handler {
  return (params, ctx, state) => {
    const isDryRun = dryRun(params);
    const result = handler(params, ctx, state);
    if (isDryRun) throw dryRunSucceeded();
    return result;
  };
}

/** A Describe*: must not change the state (the core shares it between read-only calls). */
export function readOperation(handler: Ec2Handler): QueryOperation<Ec2State> {
  return { mutates: false, run: withDryRun(handler) };
}

export function writeOperation(handler: Ec2Handler): QueryOperation<Ec2State> {
  return { mutates: true, run: withDryRun(handler) };
}
