"use server";

import { z } from "zod";
import { teardownLab, type TeardownReport } from "@/lib/labs/teardown";
import { recordTeardown } from "@/lib/labs/runs";
import { withLabRunLock } from "@/lib/labs/run-lock";
import { awsAction } from "@/lib/action-pipeline/aws-action";

const input = z.object({ labId: z.enum(["vpc-peering", "vpc-endpoints"]) });

/** Tear down: removes everything of the lab in dependency order; progress and the write-up stay; one run of a lab at a time. */
export async function teardownLabAction(values: z.input<typeof input>) {
  return awsAction(input, values, async ({ user, aws }, { labId }): Promise<{ data: TeardownReport; message: string }> => {
    const report = await withLabRunLock(user.id, labId, async () => {
      const report = await teardownLab(aws, labId);
      await recordTeardown(user.id, labId, { at: new Date().toISOString(), reason: "student", deleted: report.deleted, left: report.left });
      return report;
    });
    const message = report.left.length
      ? `${report.deleted.length} removed, ${report.left.length} left. Try again to finish.`
      : `Removed ${report.deleted.length} item${report.deleted.length === 1 ? "" : "s"}; nothing of the lab is left.`;
    return { data: report, message };
  });
}
