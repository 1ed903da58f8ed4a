/** STS: GetCallerIdentity (who signed the request) and AssumeRole (refused: the sandbox has no roles). */
import type { Caller, QueryService } from "@/lib/sandbox/core/types";
import { coralInputDialect } from "@/lib/sandbox/core/validation-errors";
import { userIdFor } from "@/lib/sandbox/iam/model/users";
import { assumeRole } from "./assume-role";

/** A user's UserId is its IAM unique id (AIDA…), a role session's "<role id>:<session name>", the root user's the account id. */
function callerUserId(caller: Caller): string {
  if (caller.role) return `${caller.role.roleId}:${caller.role.sessionName}`;
  return caller.userName === null ? caller.accountId : userIdFor(caller.accountId, caller.userName);
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
      run: (_params, ctx) => ({
        UserId: callerUserId(ctx.caller),
        Account: ctx.accountId,
        Arn: ctx.caller.arn,
      }),
    },
  },
};
