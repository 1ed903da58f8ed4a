"use client";

import { useState } from "react";
import { createBucketAction } from "@/lib/actions/create-bucket";
import { bucketNameHint } from "@/lib/labs/lab2/bucket-name";
import { ActionOutcome } from "./action-result";
import { SmallButton, TextInput } from "./controls";
import { useAwsAction } from "./use-aws-action";

/** Create bucket, hinting a name of this account's own (`bucketNameHint`). */
export function CreateBucketForm({ accountId, buckets, onCreated }: { accountId: string; buckets: readonly string[]; onCreated: (bucket: string) => void }) {
  const [bucket, setBucket] = useState("");
  const create = useAwsAction(createBucketAction, (data) => {
    setBucket("");
    onCreated(data.bucket);
  });
  return (
    <form
      aria-label="Create an S3 bucket"
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        create.run({ bucket });
      }}
    >
      <TextInput label="Bucket name (unique across all accounts)" placeholder={bucketNameHint(accountId, buckets)} value={bucket} onChange={(e) => setBucket(e.target.value)} />
      <SmallButton type="submit" tone="primary" pending={create.pending}>
        Create bucket
      </SmallButton>
      <ActionOutcome result={create.result} />
    </form>
  );
}
