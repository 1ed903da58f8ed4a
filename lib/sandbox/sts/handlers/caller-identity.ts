/** STS GetCallerIdentity: who signed the request. */
import type { Caller, QueryOperation } from "@/lib/sandbox/core/types";
import { findUser, userIdFor } from "@/lib/sandbox/iam/model/users";
import { currentIamState } from "@/lib/sandbox/iam/state";

/**
 * Who signed: a user's UserId is its IAM unique id (AIDA…) and its ARN carries its path; a role
 * session's UserId is "<role id>:<session name>", the root user's the account id.
 */
async function callerIdentity(caller: Caller) {
  if (caller.role) return { UserId: `${caller.role.roleId}:${caller.role.sessionName}`, Arn: caller.arn };
  if (caller.userName === null) return { UserId: caller.accountId, Arn: caller.arn };
  const user = findUser(await currentIamState(caller.accountId), caller.userName);
  return { UserId: user?.userId ?? userIdFor(caller.accountId, caller.userName), Arn: user?.arn ?? caller.arn };
}

export const getCallerIdentity: QueryOperation<Record<string, never>> = {
  mutates: false,
  input: {},
  async run(_params, ctx) {
    const { UserId, Arn } = await callerIdentity(ctx.caller);
    return { UserId, Account: ctx.accountId, Arn };
  },
};
