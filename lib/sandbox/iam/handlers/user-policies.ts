/** A user's policies: managed policy attachments and inline policies (see holder-policies.ts). */
import { USER_HOLDER } from "../model/policy-holder";
import { holderPolicyOperations } from "./holder-policies";
import { namedUser } from "./params";

export const userPolicyOperations = holderPolicyOperations({ entity: "User", kind: USER_HOLDER, named: namedUser, nameOf: (user) => user.userName });
