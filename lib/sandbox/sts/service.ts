/** STS: GetCallerIdentity (who signed the request) and AssumeRole (refused: the sandbox has no roles). */
import type { QueryService } from "@/lib/sandbox/core/types";
import { userIdFor } from "@/lib/sandbox/iam/model/users";
import { assumeRole } from "./assume-role";

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
  initialState: () => ({}),
  operations: {
    AssumeRole: assumeRole,
    GetCallerIdentity: {
      mutates: false,
      run: (_params, ctx) => ({
        // A user's UserId is its IAM unique id (AIDA…); the root user's is the account id.
        UserId: ctx.caller.userName === null ? ctx.accountId : userIdFor(ctx.accountId, ctx.caller.userName),
        Account: ctx.accountId,
        Arn: ctx.caller.arn,
      }),
    },
  },
};
