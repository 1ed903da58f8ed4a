/** How SSM code reaches the account's SSM state document outside an API call (the runner, the fleet sync). */
import { runOnState } from "@/lib/sandbox/core/state-store";
import { emptySsmState, type SsmState } from "./model/types";

export const SSM_SERVICE_NAME = "ssm";

export function readSsmState<R>(accountId: string, region: string, read: (state: SsmState) => R): Promise<R> {
  return runOnState({ accountId, service: SSM_SERVICE_NAME, region, action: "ReadSsmState", mutates: false, initialState: emptySsmState, initialStateIsFixed: true }, read);
}

export function changeSsmState<R>(accountId: string, region: string, action: string, change: (state: SsmState) => R): Promise<R> {
  return runOnState({ accountId, service: SSM_SERVICE_NAME, region, action, mutates: true, initialState: emptySsmState }, change);
}
