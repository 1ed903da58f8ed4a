/**
 * The console's background reads and records from the browser, through route handlers rather than
 * server actions (lib/api/action-response.ts says why): each returns the action's own result.
 */
import type { ConsoleData } from "@/lib/console/load-console";
import type { ChallengeState } from "@/lib/labs/break-it";
import type { FixCheck } from "@/lib/labs/break-it";
import type { LabStepsData } from "@/lib/actions/load-lab-steps";
import type { BucketListing } from "@/lib/aws/bucket-objects";
import type { RecordedCheck } from "@/lib/labs/check";
import { fetchActionResult } from "./fetch-action-result";

/**
 * The account; for a lab page, with what its rail and Break it panel show (`check`: the steps checked too, after a change;
 * `activity`: the Activity panel's page too, while it is shown; `tab`: the page's tab, whose live stream need not read what this read shows).
 */
export const loadConsole = (lab?: { labId: string; check: boolean; activity: boolean; tab?: string }) => (lab ? fetchActionResult<ConsoleData>("/api/console", lab) : fetchActionResult<ConsoleData>("/api/console"));

export const loadLabSteps = (labId: string) => fetchActionResult<LabStepsData>(`/api/labs/${labId}/steps`);

/** With a step, a press of its Check my work (an attempt the class board counts); without, the console's own check. */
export const checkLab = (labId: string, stepId?: string) => fetchActionResult<RecordedCheck>(`/api/labs/${labId}/check`, { stepId });

export const loadChallenge = (labId: string) => fetchActionResult<ChallengeState>(`/api/labs/${labId}/challenge`);

/** "I fixed it": the broken test judged on the account as it is now. */
export const checkChallenge = (labId: string) => fetchActionResult<FixCheck>(`/api/labs/${labId}/challenge/check`, {});

export const saveStepDiagram = (labId: string, stepIds: string[]) => fetchActionResult<undefined>(`/api/labs/${labId}/step-images`, { stepIds });

export const listBucketObjects = (bucket: string) => fetchActionResult<BucketListing>(`/api/buckets/${encodeURIComponent(bucket)}/objects`);
