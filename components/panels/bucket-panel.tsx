"use client";

import { createContext, useCallback, useContext, useEffect, useState } from "react";
import type { BucketSnapshot, LabSnapshot } from "@/lib/analysis";
import type { ActionResult } from "@/lib/action-pipeline/result";
import { listBucketObjects } from "@/lib/api/console-routes";
import type { BucketListing } from "@/lib/aws/bucket-objects";
import { deleteBucketPolicyAsRootAction } from "@/lib/actions/delete-bucket-policy-as-root";
import { putBucketPolicyAction } from "@/lib/actions/put-bucket-policy";
import { uploadObjectAction } from "@/lib/actions/upload-object";
import { uploadTooLarge } from "@/lib/console/upload-limit";
import { denyUnlessThroughEndpoint } from "@/lib/labs/lab2/policies";
import { ActionOutcome } from "./action-result";
import { SmallButton } from "./controls";
import { Facts, Mono, Section, Table } from "./details";
import { PolicyEditor, prettyPolicy, type PolicyTemplate } from "./policy-editor";
import { useAwsAction } from "./use-aws-action";

function templatesFor(snapshot: LabSnapshot, bucket: string): PolicyTemplate[] {
  return snapshot.vpcEndpoints
    .filter((endpoint) => endpoint.ServiceName?.endsWith(".s3"))
    .map((endpoint) => ({ label: `Deny unless through ${endpoint.VpcEndpointId}`, document: prettyPolicy(denyUnlessThroughEndpoint(bucket, endpoint.VpcEndpointId!)) }));
}

export type BucketObjectsReader = (bucket: string) => Promise<ActionResult<BucketListing>>;

/**
 * Whose account the bucket panel lists objects from: the signed-in user's by default; a view of
 * someone else's console (an instructor looking over a student's shoulder) provides its own reader.
 */
export const BucketObjectsReaderContext = createContext<BucketObjectsReader>((bucket) => listBucketObjects(bucket));

/** The bucket's objects, listed again whenever `listKey` changes. */
function Objects({ bucket, listKey }: { bucket: string; listKey: string }) {
  const readObjects = useContext(BucketObjectsReaderContext);
  const [listing, setListing] = useState<ActionResult<BucketListing>>();
  const load = useCallback(() => void readObjects(bucket).then(setListing), [readObjects, bucket]);
  useEffect(load, [load, listKey]);
  const upload = useAwsAction(uploadObjectAction, load);
  if (!listing) return <p className="text-sm text-slate-600">Loading objects…</p>;
  if (!listing.ok) {
    // As the S3 console does under a deny policy: say plainly that this view is locked out.
    return (
      <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
        <p className="font-semibold">Insufficient permissions to list objects</p>
        <p className="mt-1 font-mono text-xs">{listing.error.code}</p>
        <p className="mt-0.5">{listing.error.message}</p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <Table
        head={["Key", "Size", "Last modified"]}
        wide={[0]}
        rows={listing.data.objects.map((object) => [<Mono key="k">{object.key}</Mono>, `${object.size}\u00a0B`, object.lastModified?.replace("T", " ").slice(0, 19) ?? ""])}
        empty="The bucket is empty."
      />
      <form
        className="flex items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          const files = [...(event.currentTarget.querySelector<HTMLInputElement>('input[type="file"]')?.files ?? [])];
          // Checked here too: a body over the server's limit is refused before the action can word it.
          const tooLarge = uploadTooLarge(files);
          if (tooLarge) return upload.refuse(tooLarge.code, tooLarge.message);
          // Only the chosen files: an empty input's placeholder part reached the server as a file named "undefined".
          const form = new FormData();
          form.set("bucket", bucket);
          for (const file of files) form.append("file", file);
          upload.run(form);
        }}
      >
        <input type="file" name="file" multiple aria-label="Files to upload" className="min-w-0 flex-1 text-sm" />
        <SmallButton type="submit" pending={upload.pending}>
          Upload
        </SmallButton>
      </form>
      <ActionOutcome result={upload.result} />
    </div>
  );
}

/** What the S3 console offers a locked-out owner: the root user can always delete the policy. */
function LockedOutPolicy({ bucket, onDeleted }: { bucket: string; onDeleted(): void }) {
  const asRoot = useAwsAction(deleteBucketPolicyAsRootAction, onDeleted);
  return (
    <div className="space-y-2 text-sm text-slate-700">
      <p>
        The policy denies this console too: it signs as lab-user from outside the endpoint. The account&apos;s root user can always delete a
        bucket policy (S3&apos;s safeguard against lock-out); an instance whose requests go through the endpoint can change it as well.
      </p>
      <SmallButton pending={asRoot.pending} onClick={() => asRoot.run({ bucket })}>
        Delete the policy as the account&apos;s root user
      </SmallButton>
      <ActionOutcome result={asRoot.result} />
    </div>
  );
}

export function BucketPanel({ snapshot, bucket, loadedAt }: { snapshot: LabSnapshot; bucket: BucketSnapshot; loadedAt: string }) {
  // S3 announces no changes to the console's event stream: a policy change made here lists the objects again at once,
  // and so does any change of the policy the console reads, so "Insufficient permissions" never outlives the policy.
  const [policyChanges, setPolicyChanges] = useState(0);
  const policyChanged = () => setPolicyChanges((count) => count + 1);
  const save = useAwsAction(putBucketPolicyAction, policyChanged);
  const listKey = `${loadedAt}|${policyChanges}|${bucket.policyError ?? ""}|${bucket.policy ?? ""}`;
  return (
    <div className="space-y-5">
      <Facts
        rows={[
          ["Bucket", <Mono key="name">{bucket.name}</Mono>],
          ["Owner account", bucket.ownerAccountId],
          ["Bucket policy", bucket.policyError ? `cannot be read by this console (${bucket.policyError})` : bucket.policy ? "set" : "none"],
        ]}
      />
      <Section title="Objects">
        <Objects bucket={bucket.name} listKey={listKey} />
      </Section>
      <Section title="Bucket policy">
        {bucket.policyError ? <LockedOutPolicy bucket={bucket.name} onDeleted={policyChanged} /> : null}
        <PolicyEditor
          key={bucket.policy ?? "none"}
          label="Policy document (JSON)"
          initial={prettyPolicy(bucket.policy)}
          templates={templatesFor(snapshot, bucket.name)}
          pending={save.pending}
          onSave={(policy) => save.run({ bucket: bucket.name, policy })}
          onDelete={bucket.policy ? () => save.run({ bucket: bucket.name }) : undefined}
        />
        <ActionOutcome result={save.result} />
      </Section>
    </div>
  );
}
