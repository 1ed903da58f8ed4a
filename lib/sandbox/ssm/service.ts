/**
 * AWS Systems Manager (JSON 1.1, X-Amz-Target "AmazonSSM.*"): Run Command with
 * AWS-RunShellScript on the simulated hosts — the same API the console's "Run test" buttons call
 * on AWS — and the fleet of managed instances.
 */
import type { JsonService } from "@/lib/sandbox/core/types";
import { coralJsonDialect } from "@/lib/sandbox/core/validation-errors";
import { startFleetSync } from "./fleet-sync";
import { commandOperations } from "./handlers/commands";
import { instanceOperations } from "./handlers/instances";
import { emptySsmState, type SsmState } from "./model/types";
import { SSM_SERVICE_NAME } from "./state";

startFleetSync();

export const ssmService: JsonService<SsmState> = {
  name: SSM_SERVICE_NAME,
  targetPrefix: "AmazonSSM",
  regional: true,
  inputDialect: coralJsonDialect("ValidationException"),
  initialState: emptySsmState,
  initialStateIsFixed: true,
  operations: { ...commandOperations, ...instanceOperations },
};

export type { SsmState } from "./model/types";
