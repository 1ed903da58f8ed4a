/** How every EC2 operation runs: parameters in, wire-named object out, DryRun answered as AWS. */
import type { InputMembers } from "@/lib/sandbox/core/inputs";
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

/**
 * A Describe*: must not change the state (the core shares it between read-only calls). `input`
 * declares every parameter the operation accepts (botocore's ec2 model), read or not.
 */
export function readOperation(input: InputMembers, handler: Ec2Handler): QueryOperation<Ec2State> {
  return { mutates: false, input, run: withDryRun(handler) };
}

export function writeOperation(input: InputMembers, handler: Ec2Handler): QueryOperation<Ec2State> {
  return { mutates: true, input, run: withDryRun(handler) };
}
