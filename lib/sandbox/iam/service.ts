/**
 * The IAM Query API subset of the sandbox: users (the student's lab-user and those made with
 * CreateUser), their access keys and policies; groups and their policies; roles with their trust
 * and permissions policies; instance profiles; the account's alias.
 */
import type { QueryService } from "@/lib/sandbox/core/types";
import { coralInputDialect } from "@/lib/sandbox/core/validation-errors";
import { accessKeyOperations } from "./handlers/access-keys";
import { accountAliasOperations } from "./handlers/account-aliases";
import { groupOperations, groupPolicyOperations } from "./handlers/groups";
import { instanceProfileOperations } from "./handlers/instance-profiles";
import { managedPolicyOperations } from "./handlers/managed-policies";
import { rolePolicyOperations } from "./handlers/role-policies";
import { roleTagOperations } from "./handlers/role-tags";
import { roleOperations } from "./handlers/roles";
import { userCredentialOperations } from "./handlers/user-credentials";
import { userPolicyOperations } from "./handlers/user-policies";
import { userOperations } from "./handlers/users";
import { initialIamState } from "./model/users";
import type { IamState } from "./model/types";
import { IAM_SERVICE_NAME } from "./state";

export const IAM_API_VERSION = "2010-05-08";

export const IAM_OPERATION_FAMILIES = {
  Users: userOperations,
  "Access keys": accessKeyOperations,
  "Other user credentials": userCredentialOperations,
  "User policies": userPolicyOperations,
  Groups: groupOperations,
  "Group policies": groupPolicyOperations,
  "Managed policies": managedPolicyOperations,
  Roles: { ...roleOperations, ...roleTagOperations },
  "Role policies": rolePolicyOperations,
  "Instance profiles": instanceProfileOperations,
  "Account aliases": accountAliasOperations,
};

export const iamService: QueryService<IamState> = {
  name: IAM_SERVICE_NAME,
  version: IAM_API_VERSION,
  xmlns: `https://iam.amazonaws.com/doc/${IAM_API_VERSION}/`,
  regional: false,
  errorFormat: "query",
  listItemName: "member",
  inputDialect: coralInputDialect,
  initialState: (ctx) => initialIamState(ctx.accountId, ctx.now),
  operations: Object.assign({}, ...Object.values(IAM_OPERATION_FAMILIES)),
};
