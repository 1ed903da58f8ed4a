"use client";

import { useState } from "react";
import { createBucketAction } from "@/lib/actions/create-bucket";
import { ActionOutcome } from "./action-result";
import { SmallButton, TextInput } from "./controls";
import { useAwsAction } from "./use-aws-action";

export function CreateBucketForm({ onCreated }: { onCreated: (bucket: string) => void }) {
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
      <TextInput label="Bucket name (unique across all accounts)" placeholder="nextwork-vpc-endpoints-ab" value={bucket} onChange={(e) => setBucket(e.target.value)} />
      <SmallButton type="submit" tone="primary" pending={create.pending}>
        Create bucket
      </SmallButton>
      <ActionOutcome result={create.result} />
    </form>
  );
}
