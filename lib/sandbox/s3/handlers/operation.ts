/** What every S3 handler gets, and how an operation is declared: a handler returns its answer as data (protocol/response.ts writes it). */
import crypto from "node:crypto";
import type { RequestContext, RestRequest } from "@/lib/sandbox/core/types";
import type { BucketRow } from "../model/storage";
import type { S3Inputs } from "../protocol/inputs";
import type { S3Result } from "../protocol/response";

export interface S3Call {
  request: RestRequest;
  ctx: RequestContext;
  /** Checks the policies for one more action (CopyObject's source, each key of DeleteObjects); throws AccessDenied. */
  authorize(action: string, target: { bucket?: BucketRow; key?: string }): Promise<void>;
}

/** An operation on a bucket or an object: the bucket exists when it runs. */
export interface S3BucketCall extends S3Call {
  bucket: BucketRow;
}

export type S3Operation =
  | {
      scope: "service" | "create-bucket";
      /** The IAM action checked before the handler runs. */
      action: string;
      /** The headers and query parameters it reads (protocol/inputs.ts), for the coverage document. */
      input?: S3Inputs;
      run(call: S3Call): Promise<S3Result>;
    }
  | {
      scope: "bucket" | "object";
      /** The IAM action checked before the handler runs; null when the handler checks each resource itself. */
      action: string | null;
      input?: S3Inputs;
      run(call: S3BucketCall): Promise<S3Result>;
    };

/** S3's canonical user id of an account: 64 hex digits, stable per account. */
export function canonicalUserId(accountId: string): string {
  return crypto.createHash("sha256").update(`vpclab-s3-owner/${accountId}`).digest("hex");
}
