/** STS: GetCallerIdentity (who signed the request) and AssumeRole (the role's trust policy decides), one handler file each under handlers/, errors in model/errors.ts. */
import type { QueryService } from "@/lib/sandbox/core/types";
import { coralInputDialect } from "@/lib/sandbox/core/validation-errors";
import { assumeRole } from "./handlers/assume-role";
import { getCallerIdentity } from "./handlers/caller-identity";

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
  initialStateIsFixed: true,
  operations: {
    AssumeRole: assumeRole,
    GetCallerIdentity: getCallerIdentity,
  },
};
