"use client";

import { useState } from "react";
import { saveAwsRoleAction, testAwsRoleAction } from "@/lib/actions/aws-role";
import { ActionOutcome } from "@/components/panels/action-result";
import { useAwsAction } from "@/components/panels/use-aws-action";

/** Real AWS mode: the IAM role the console assumes for the user, with their external id, and a test. */
export function AwsRoleForm({ roleArn, externalId }: { roleArn: string | null; externalId: string }) {
  const [value, setValue] = useState(roleArn ?? "");
  const save = useAwsAction(saveAwsRoleAction);
  const test = useAwsAction<void, { account?: string; arn?: string }>(() => testAwsRoleAction());
  return (
    <div className="space-y-3">
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          save.run({ roleArn: value });
        }}
      >
        <label htmlFor="role-arn" className="block text-sm font-medium text-slate-800">
          Role ARN
        </label>
        <input
          id="role-arn"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="arn:aws:iam::123456789012:role/VpcLabConsole"
          className="w-full rounded-md border border-slate-300 px-3 py-1.5 font-mono text-sm"
        />
        <p className="text-sm text-slate-700">
          External id for the role&apos;s trust policy (<code className="font-mono">sts:ExternalId</code>): <code className="font-mono">{externalId}</code>
        </p>
        <div className="flex gap-2">
          <button type="submit" disabled={save.pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
            {save.pending ? "Saving…" : "Save"}
          </button>
          <button type="button" disabled={test.pending} onClick={() => test.run(undefined)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
            {test.pending ? "Testing…" : "Test"}
          </button>
        </div>
      </form>
      <ActionOutcome result={save.result} />
      <ActionOutcome result={test.result} />
    </div>
  );
}
