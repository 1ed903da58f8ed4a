/** STS: GetCallerIdentity (who signed the request) and AssumeRole (the role's trust policy decides; see assume-role.ts). */
import type { Caller, QueryService } from "@/lib/sandbox/core/types";
import { coralInputDialect } from "@/lib/sandbox/core/validation-errors";
import { findUser, userIdFor } from "@/lib/sandbox/iam/model/users";
import { currentIamState } from "@/lib/sandbox/iam/state";
import { assumeRole } from "./assume-role";

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

export const STS_API_VERSION = "2011-06-15";

/** STS keeps no state of its own: the caller comes from the access key. */
type StsState = Record<string, never>;

export const stsService: QueryService<StsState> = {
  name: "sts",
  version: STS_API_VERSION,
  xmlns: `https://sts.amazonaws.com/doc/${STS_API_VERSION}/`,
  regional: false,
  errorFormat: "query",
  listItemName: "member",
  inputDialect: coralInputDialect,
  initialState: () => ({}),
  operations: {
    AssumeRole: assumeRole,
    GetCallerIdentity: {
      mutates: false,
      input: {},
      async run(_params, ctx) {
        const { UserId, Arn } = await callerIdentity(ctx.caller);
        return { UserId, Account: ctx.accountId, Arn };
      },
    },
  },
};
