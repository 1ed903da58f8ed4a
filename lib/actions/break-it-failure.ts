import { FaultRefusedError } from "@/lib/labs/break-it";
import { ActionFailure } from "./aws-action";

/** Break it's refusals reach the browser as their code and message, like AWS's errors. */
export async function asActionFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FaultRefusedError) throw new ActionFailure(error.code, error.message);
    throw error;
  }
}
