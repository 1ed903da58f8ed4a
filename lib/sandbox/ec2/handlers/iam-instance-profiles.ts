/**
 * Roles for instances: RunInstances' IamInstanceProfile (by Arn or Name), and
 * AssociateIamInstanceProfile, DescribeIamInstanceProfileAssociations, DisassociateIamInstanceProfile,
 * ReplaceIamInstanceProfileAssociation (Terraform's aws_instance and Ansible's ec2_instance change the role so).
 * The profile is looked up in the account's IAM (read without IAM's lock, as IAM's own state).
 */
import { integer, listOf, required, string, structure, type InputMembers } from "@/lib/sandbox/core/inputs";
import { FilterInput } from "../protocol/input-shapes";
import type { QueryOperation, QueryParams, RequestContext } from "@/lib/sandbox/core/types";
import { findInstanceProfile } from "@/lib/sandbox/iam/model/instance-profiles";
import { currentIamState } from "@/lib/sandbox/iam/state";
import { invalidParameterValue, missingParameter } from "../model/errors";
import {
  associateInstanceProfile,
  disassociateInstanceProfile,
  liveAssociations,
  replaceInstanceProfile,
} from "../model/iam-instance-profiles";
import type { Ec2State, IamInstanceProfileAssociation, InstanceProfileRef } from "../model/types";
import { applyFilters, readFilters, type FilterTable } from "../protocol/filters";
import { readOperation, writeOperation } from "../protocol/operation";
import { paginate } from "../protocol/pagination";
import { list, requiredStr, str, struct } from "../protocol/params";

/** The IamInstanceProfile a request names (Arn or Name), resolved in the account's IAM; undefined when absent. */
export async function instanceProfileParam(params: QueryParams, ctx: RequestContext): Promise<InstanceProfileRef | undefined> {
  const spec = struct(params, "IamInstanceProfile");
  if (spec === undefined) return undefined;
  const arn = str(spec, "Arn");
  const name = str(spec, "Name");
  if (arn === undefined && name === undefined) return undefined;
  const state = await currentIamState(ctx.accountId);
  if (arn !== undefined) {
    const profile = (state.instanceProfiles ?? []).find((candidate) => candidate.arn === arn);
    if (!profile) throw invalidParameterValue(`Value (${arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`);
    return { arn: profile.arn, id: profile.instanceProfileId };
  }
  const profile = findInstanceProfile(state, name!);
  if (!profile) throw invalidParameterValue(`Value (${name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name`);
  return { arn: profile.arn, id: profile.instanceProfileId };
}

/** RunInstances: the profile is resolved (in IAM, asynchronously) before the launch runs on the state. */
export function withInstanceProfile(input: InputMembers, launch: (params: QueryParams, ctx: RequestContext, state: Ec2State, profile?: InstanceProfileRef) => unknown): QueryOperation<Ec2State> {
  return {
    mutates: true,
    input,
    async run(params, ctx, state) {
      const profile = await instanceProfileParam(params, ctx);
      return writeOperation(input, (request, context, current) => launch(request, context, current, profile)).run(params, ctx, state);
    },
  };
}

function associationView(association: IamInstanceProfileAssociation, state: string) {
  return { associationId: association.associationId, instanceId: association.instanceId, iamInstanceProfile: association.iamInstanceProfile, state };
}

const ASSOCIATION_FILTERS: FilterTable<IamInstanceProfileAssociation> = {
  "instance-id": (association) => association.instanceId,
  state: () => "associated",
};

function describeAssociations(params: QueryParams, _ctx: RequestContext, state: Ec2State) {
  const ids = new Set(list(params, "AssociationId"));
  const chosen = liveAssociations(state).filter((association) => ids.size === 0 || ids.has(association.associationId));
  const filtered = applyFilters(chosen, readFilters(params), ASSOCIATION_FILTERS, () => []);
  const page = paginate(filtered, params, { min: 5, max: 1000 });
  return { iamInstanceProfileAssociationSet: page.items.map((association) => associationView(association, "associated")), nextToken: page.nextToken };
}

/** What each operation accepts, by wire name (botocore's ec2 model); checked before the handler runs (core/inputs.ts). */
const INPUTS = {
  AssociateIamInstanceProfile: {
    IamInstanceProfile: required(structure({
      Arn: string(),
      Name: string(),
    })),
    InstanceId: required(string()),
  },
  DescribeIamInstanceProfileAssociations: {
    AssociationId: listOf(string()),
    Filter: listOf(FilterInput),
    MaxResults: integer({ min: 5, max: 1000 }),
    NextToken: string(),
  },
  DisassociateIamInstanceProfile: {
    AssociationId: required(string()),
  },
  ReplaceIamInstanceProfileAssociation: {
    IamInstanceProfile: required(structure({
      Arn: string(),
      Name: string(),
    })),
    AssociationId: required(string()),
  },
} satisfies Record<string, InputMembers>;

/** EC2 answers the new association as "associating" (it is "associated" by the next Describe). */
const associate: QueryOperation<Ec2State> = {
  mutates: true,
  input: INPUTS.AssociateIamInstanceProfile,
  async run(params, ctx, state) {
    const profile = await instanceProfileParam(params, ctx);
    return writeOperation(INPUTS.AssociateIamInstanceProfile, (request, _ctx, current) => {
      if (!profile) throw missingParameter("IamInstanceProfile");
      const association = associateInstanceProfile(current, requiredStr(request, "InstanceId"), profile);
      return { iamInstanceProfileAssociation: associationView(association, "associating") };
    }).run(params, ctx, state);
  },
};

const disassociate = writeOperation(INPUTS.DisassociateIamInstanceProfile, (params, _ctx, state) => {
  const association = disassociateInstanceProfile(state, requiredStr(params, "AssociationId"));
  return { iamInstanceProfileAssociation: associationView(association, "disassociating") };
});

/** The old association ends; the new one is answered "associating", as EC2 does. */
const replace: QueryOperation<Ec2State> = {
  mutates: true,
  input: INPUTS.ReplaceIamInstanceProfileAssociation,
  async run(params, ctx, state) {
    const profile = await instanceProfileParam(params, ctx);
    return writeOperation(INPUTS.ReplaceIamInstanceProfileAssociation, (request, _ctx, current) => {
      if (!profile) throw missingParameter("IamInstanceProfile");
      const association = replaceInstanceProfile(current, requiredStr(request, "AssociationId"), profile);
      return { iamInstanceProfileAssociation: associationView(association, "associating") };
    }).run(params, ctx, state);
  },
};

export const iamInstanceProfileOperations: Record<string, QueryOperation<Ec2State>> = {
  AssociateIamInstanceProfile: associate,
  DescribeIamInstanceProfileAssociations: readOperation(INPUTS.DescribeIamInstanceProfileAssociations, describeAssociations),
  DisassociateIamInstanceProfile: disassociate,
  ReplaceIamInstanceProfileAssociation: replace,
};
