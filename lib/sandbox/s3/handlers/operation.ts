/** What every S3 handler gets, and how an operation is declared. */
import crypto from "node:crypto";
import type { WireResponse } from "@/lib/sandbox/core/error-response";
import type { RequestContext, RestRequest } from "@/lib/sandbox/core/types";
import type { BucketRow } from "../model/storage";
import type { S3Inputs } from "../protocol/inputs";

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
      run(call: S3Call): Promise<WireResponse>;
    }
  | {
      scope: "bucket" | "object";
      /** The IAM action checked before the handler runs; null when the handler checks each resource itself. */
      action: string | null;
      input?: S3Inputs;
      run(call: S3BucketCall): Promise<WireResponse>;
    };

/** S3's canonical user id of an account: 64 hex digits, stable per account. */
export function canonicalUserId(accountId: string): string {
  return crypto.createHash("sha256").update(`vpclab-s3-owner/${accountId}`).digest("hex");
}
