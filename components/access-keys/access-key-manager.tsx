"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { createAccessKeyAction, deleteAccessKeyAction, setAccessKeyStatusAction } from "@/lib/actions/access-keys";
import type { ActionResult } from "@/lib/action-pipeline/result";
import { accessKeyCsv, accessKeyCsvName } from "@/lib/aws/access-key-file";
import { ActionOutcome } from "@/components/panels/action-result";
import { useAwsAction } from "@/components/panels/use-aws-action";
import { Button } from "@/components/ui/button";
import { CredentialRow } from "./credential-row";

export interface AccessKeySummary {
  accessKeyId: string;
  status: string;
  created: string;
}

interface NewKey {
  accessKeyId: string;
  secretAccessKey: string;
  userName: string;
}

/** IAM's "Access key best practices & alternatives" step, before any key is made. */
function BestPractices({ onCreate, onCancel, pending, result }: { onCreate: () => void; onCancel: () => void; pending: boolean; result: ActionResult<unknown> | null }) {
  const [understood, setUnderstood] = useState(false);
  return (
    <form
      aria-label="Access key best practices & alternatives"
      className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950"
      onSubmit={(event) => {
        event.preventDefault();
        onCreate();
      }}
    >
      <h3 className="text-base font-semibold">Access key best practices &amp; alternatives</h3>
      <p>Avoid using long-term credentials like access keys to improve your security. Consider these alternatives:</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <strong>Code on an EC2 instance</strong>: give the instance an IAM role (an instance profile). Its CLI and SDKs get short-term
          credentials from the instance metadata service, rotated by AWS, with nothing to store.
        </li>
        <li>
          <strong>The CLI on your own computer</strong>: sign in through IAM Identity Center (<code className="font-mono">aws sso login</code>) for
          short-term credentials, or use AWS CloudShell in the console.
        </li>
      </ul>
      <p>This lab uses a key on purpose, to show what a long-term credential is and how the CLI is configured with it.</p>
      <label className="flex items-start gap-2">
        <input type="checkbox" className="mt-0.5" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
        <span>I understand the above recommendation and want to proceed to create an access key.</span>
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={!understood || pending}>
          {pending ? "Creating…" : "Create access key"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <ActionOutcome result={result} />
    </form>
  );
}

function downloadCsv(key: NewKey): void {
  const url = URL.createObjectURL(new Blob([accessKeyCsv(key)], { type: "text/csv" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: accessKeyCsvName(key.userName) });
  link.click();
  URL.revokeObjectURL(url);
}

/** IAM's "Retrieve access keys": the secret, this one time, then gone from the page for good. */
function RetrieveKey({ created, onDone }: { created: NewKey; onDone: () => void }) {
  return (
    <section aria-labelledby="retrieve-heading" className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3">
      <h3 id="retrieve-heading" className="text-base font-semibold text-slate-900">
        Retrieve access keys
      </h3>
      <p role="alert" className="text-sm text-slate-800">
        This is the only time that the secret access key can be viewed or downloaded. You cannot recover it later. However, you can create a
        new access key any time.
      </p>
      <dl className="divide-y divide-emerald-100 rounded-md bg-white px-3">
        <CredentialRow label="Access key ID" value={created.accessKeyId} />
        <CredentialRow label="Secret access key" value={created.secretAccessKey} secret />
      </dl>
      <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-800">
        <li>Never store your access key in plain text, in a code repository, or in code.</li>
        <li>Disable or delete access keys when no longer needed.</li>
        <li>Enable least-privilege permissions.</li>
        <li>Rotate access keys regularly.</li>
      </ul>
      <div className="flex gap-2">
        <Button type="button" variant="secondary" onClick={() => downloadCsv(created)}>
          Download .csv file
        </Button>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </div>
    </section>
  );
}

function KeyRow({ item, signsConsole }: { item: AccessKeySummary; signsConsole: boolean }) {
  const router = useRouter();
  const status = useAwsAction(setAccessKeyStatusAction, () => router.refresh());
  const remove = useAwsAction(deleteAccessKeyAction, () => router.refresh());
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const active = item.status === "Active";
  return (
    <li className="space-y-2 py-3" aria-label={`Access key ${item.accessKeyId}`}>
      <div className="flex flex-wrap items-center gap-3">
        <code className="font-mono text-base text-slate-900" data-testid="listed-access-key-id">
          {item.accessKeyId}
        </code>
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${active ? "bg-emerald-100 text-emerald-800" : "bg-slate-200 text-slate-700"}`}>{item.status}</span>
        <span className="text-sm text-slate-600">created {item.created}</span>
        {signsConsole ? <span className="text-xs text-slate-600">(the console signs with this key)</span> : null}
        <span className="ml-auto flex gap-2">
          <Button type="button" variant="secondary" disabled={status.pending} onClick={() => status.run({ accessKeyId: item.accessKeyId, status: active ? "Inactive" : "Active" })}>
            {active ? "Deactivate" : "Activate"}
          </Button>
          {/* As in IAM: only an inactive key can be deleted (Delete says so and offers Deactivate), and the key id is typed to confirm. */}
          <Button type="button" variant="danger" disabled={remove.pending} onClick={() => setConfirming(true)} aria-label={`Delete ${item.accessKeyId}`}>
            Delete
          </Button>
        </span>
      </div>
      {confirming && active ? (
        <div role="alert" className="flex flex-wrap items-center gap-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="flex-1">Before you can delete an access key, you must deactivate it. Anything still signing with {item.accessKeyId} stops working.</p>
          <Button type="button" variant="secondary" disabled={status.pending} onClick={() => status.run({ accessKeyId: item.accessKeyId, status: "Inactive" })}>
            Deactivate
          </Button>
          <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : null}
      {confirming && !active ? (
        <form
          className="flex flex-wrap items-end gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm"
          onSubmit={(event) => {
            event.preventDefault();
            remove.run({ accessKeyId: item.accessKeyId });
            setConfirming(false);
          }}
        >
          <label className="flex-1 space-y-1">
            <span className="block text-slate-800">To confirm deletion, enter the access key ID in the text input field.</span>
            <input value={typed} onChange={(event) => setTyped(event.target.value)} className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono" autoComplete="off" />
          </label>
          <Button type="submit" variant="danger" disabled={typed.trim() !== item.accessKeyId}>
            Delete
          </Button>
          <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </form>
      ) : null}
      <ActionOutcome result={status.result?.ok === false ? status.result : remove.result?.ok === false ? remove.result : null} />
    </li>
  );
}

/** lab-user's access keys, as IAM's "Security credentials" tab lists and changes them. */
export function AccessKeyManager({ keys, consoleKeyId }: { keys: AccessKeySummary[]; consoleKeyId: string }) {
  const router = useRouter();
  const [step, setStep] = useState<"list" | "create">("list");
  const [created, setCreated] = useState<NewKey | null>(null);
  const create = useAwsAction(createAccessKeyAction, (key) => {
    setCreated(key);
    setStep("list");
    router.refresh();
  });
  return (
    <div className="space-y-4">
      {created ? <RetrieveKey created={created} onDone={() => setCreated(null)} /> : null}
      <ul className="divide-y divide-slate-100">
        {keys.map((item) => (
          <KeyRow key={item.accessKeyId} item={item} signsConsole={item.accessKeyId === consoleKeyId} />
        ))}
      </ul>
      {step === "create" ? (
        <BestPractices onCreate={() => create.run(undefined)} onCancel={() => setStep("list")} pending={create.pending} result={create.result?.ok === false ? create.result : null} />
      ) : (
        <Button
          type="button"
          onClick={() => {
            setCreated(null);
            create.clear();
            setStep("create");
          }}
        >
          Create access key
        </Button>
      )}
    </div>
  );
}
