/**
 * A role's permissions: AWS managed policies attached and inline policies, validated as IAM
 * validates identity policies (see holder-policies.ts).
 */
import { ROLE_HOLDER } from "../model/policy-holder";
import { holderPolicyOperations } from "./holder-policies";
import { namedRole } from "./role-params";

export const rolePolicyOperations = holderPolicyOperations({ entity: "Role", kind: ROLE_HOLDER, named: namedRole, nameOf: (role) => role.roleName });
