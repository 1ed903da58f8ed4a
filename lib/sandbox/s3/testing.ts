/** Test helpers for the S3, IAM and STS suites: SDK clients against a sandbox server, error capture. */
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import type { TestAccount } from "@/lib/sandbox/testing";

/** Long-term keys, or temporary credentials with their session token. */
type Credentials = TestAccount["credentials"] & { sessionToken?: string };

export function s3Client(endpoint: string, credentials: Credentials, region = "us-east-1"): S3Client {
  return new S3Client({ endpoint, region, credentials, forcePathStyle: true, maxAttempts: 1 });
}

export function iamClient(endpoint: string, credentials: Credentials): IAMClient {
  return new IAMClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

export function stsClient(endpoint: string, credentials: Credentials): STSClient {
  return new STSClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

export interface SdkError {
  name: string;
  message: string;
  status: number | undefined;
  /** The parsed XML error's extra fields (BucketName, Key, …) as the SDK exposes them. */
  fields: Record<string, unknown>;
}

/** The error a call failed with, as the SDK reports it; fails the test if the call succeeded. */
export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } } & Record<string, unknown>;
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, fields: e };
  }
  throw new Error("expected the call to fail");
}
