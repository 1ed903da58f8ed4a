/**
 * The bucket configurations S3 stores (CORS, website, lifecycle, logging, acceleration, request
 * payment, notifications, replication), Object Lock's refusal and ?torrent, through
 * @aws-sdk/client-s3 as Terraform's aws_s3_bucket_* resources write and read them: what is put
 * reads back, deleting returns S3's NoSuch… answer, and bad input gets S3's code and message.
 */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DeleteBucketCorsCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketReplicationCommand,
  DeleteBucketWebsiteCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  GetObjectTorrentCommand,
  PutBucketAccelerateConfigurationCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketRequestPaymentCommand,
  PutBucketVersioningCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  type LifecycleRule,
} from "@aws-sdk/client-s3";
import { s3Client, sdkError, newBucket, rawS3Request } from "./testing";
import { accountForFile, clientForFile, sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();
const alice = accountForFile(server);
const s3 = clientForFile(() => s3Client(server.endpoint, alice.credentials));

async function versionedBucket(label: string): Promise<string> {
  const bucket = await newBucket(s3, label);
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  return bucket;
}

const raw = (method: string, path: string, body = "") => rawS3Request(server.endpoint, alice.credentials, { method, path, body });

const status = (output: { $metadata: { httpStatusCode?: number } }) => output.$metadata.httpStatusCode;

describe("CORS", () => {
  it("stores the rules put and reads them back; delete returns NoSuchCORSConfiguration", async () => {
    const bucket = await newBucket(s3, "cors");
    const rules = [
      { ID: "web", AllowedHeaders: ["*"], AllowedMethods: ["GET", "PUT"], AllowedOrigins: ["https://example.com"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3000 },
      { AllowedMethods: ["HEAD"], AllowedOrigins: ["*"] },
    ];
    expect(status(await s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } })))).toBe(200);
    expect((await s3.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules).toEqual(rules);
    expect(status(await s3.send(new DeleteBucketCorsCommand({ Bucket: bucket })))).toBe(204);
    expect(await sdkError(s3.send(new GetBucketCorsCommand({ Bucket: bucket })))).toMatchObject({ name: "NoSuchCORSConfiguration", status: 404 });
  });

  it("refuses an unknown method (InvalidRequest), a rule without origin or no rule (MalformedXML), keeping nothing", async () => {
    const bucket = await newBucket(s3, "badcors");
    const put = (CORSRules: { AllowedMethods?: string[]; AllowedOrigins?: string[] }[]) =>
      sdkError(s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: CORSRules as never } })));
    expect(await put([{ AllowedMethods: ["GET", "PATCH"], AllowedOrigins: ["*"] }])).toMatchObject({
      name: "InvalidRequest",
      message: "Found unsupported HTTP method in CORS config. Unsupported method is PATCH",
      status: 400,
    });
    expect(await put([{ AllowedMethods: ["GET"] }])).toMatchObject({ name: "MalformedXML", status: 400 });
    expect(await put([])).toMatchObject({ name: "MalformedXML", status: 400 });
    expect(await put([{ AllowedMethods: ["GET"], AllowedOrigins: ["https://*.example.*"] }])).toMatchObject({
      name: "InvalidRequest",
      message: 'AllowedOrigin "https://*.example.*" can not have more than one wildcard.',
    });
    expect(await sdkError(s3.send(new GetBucketCorsCommand({ Bucket: bucket })))).toMatchObject({ name: "NoSuchCORSConfiguration" });
  });
});

describe("website", () => {
  it("stores an index and error document; delete returns NoSuchWebsiteConfiguration", async () => {
    const bucket = await newBucket(s3, "site");
    const WebsiteConfiguration = { IndexDocument: { Suffix: "index.html" }, ErrorDocument: { Key: "error.html" } };
    expect(status(await s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration })))).toBe(200);
    expect(await s3.send(new GetBucketWebsiteCommand({ Bucket: bucket }))).toMatchObject(WebsiteConfiguration);
    await s3.send(new DeleteBucketWebsiteCommand({ Bucket: bucket }));
    expect(await sdkError(s3.send(new GetBucketWebsiteCommand({ Bucket: bucket })))).toMatchObject({ name: "NoSuchWebsiteConfiguration", status: 404 });
  });

  it("refuses a configuration without index document or redirect, and a suffix with a slash (InvalidArgument)", async () => {
    const bucket = await newBucket(s3, "badsite");
    const none = await sdkError(s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: { ErrorDocument: { Key: "e.html" } } })));
    expect(none).toMatchObject({ name: "InvalidArgument", message: "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty", status: 400 });
    expect(none.fields.ArgumentName).toBe("IndexDocument");
    const slash = await sdkError(s3.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: { IndexDocument: { Suffix: "a/index.html" } } })));
    expect(slash).toMatchObject({ name: "InvalidArgument", message: "The IndexDocument Suffix is not well formed" });
    expect(slash.fields.ArgumentValue).toBe("a/index.html");
  });
});

describe("lifecycle", () => {
  it("stores the rules and reads them back; delete returns NoSuchLifecycleConfiguration", async () => {
    const bucket = await newBucket(s3, "life");
    const Rules: LifecycleRule[] = [
      { ID: "logs", Status: "Enabled", Filter: { Prefix: "logs/" }, Expiration: { Days: 30 } },
      { ID: "uploads", Status: "Disabled", Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ];
    expect(status(await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules } })))).toBe(200);
    expect((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules).toEqual(Rules);
    expect(status(await s3.send(new DeleteBucketLifecycleCommand({ Bucket: bucket })))).toBe(204);
    expect(await sdkError(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })))).toMatchObject({ name: "NoSuchLifecycleConfiguration", status: 404 });
  });

  it("refuses a rule without action, a non-positive Days and duplicate ids with S3's errors", async () => {
    const bucket = await newBucket(s3, "badlife");
    const put = (Rules: LifecycleRule[]) => sdkError(s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules } })));
    expect(await put([{ ID: "a", Status: "Enabled", Filter: {} }])).toMatchObject({ name: "InvalidRequest", message: "At least one action needs to be specified in a rule", status: 400 });
    expect(await put([{ ID: "a", Status: "Enabled", Filter: {}, Expiration: { Days: 0 } }])).toMatchObject({
      name: "InvalidArgument",
      message: "'Days' for Expiration action must be a positive integer",
    });
    const twice: LifecycleRule = { ID: "same", Status: "Enabled", Filter: {}, Expiration: { Days: 1 } };
    expect(await put([twice, twice])).toMatchObject({ name: "InvalidArgument", message: "Rule ID must be unique. Found same ID for more than one rule" });
    expect(await put([{ ID: "a", Status: "On" as never, Filter: {}, Expiration: { Days: 1 } }])).toMatchObject({ name: "MalformedXML" });
  });
});

describe("logging", () => {
  it("turns logging on to a bucket of the same owner and off with an empty status", async () => {
    const bucket = await newBucket(s3, "logged");
    const target = await newBucket(s3, "logs");
    const LoggingEnabled = { TargetBucket: target, TargetPrefix: "access/" };
    expect(status(await s3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled } })))).toBe(200);
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled).toEqual(LoggingEnabled);
    await s3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: {} }));
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled).toBeUndefined();
  });

  it("refuses a target that does not exist or belongs to another account (InvalidTargetBucketForLogging)", async () => {
    const bucket = await newBucket(s3, "logged2");
    const other = await server.newAccount();
    const foreign = await newBucket(s3Client(server.endpoint, other.credentials), "foreign-logs");
    const put = (TargetBucket: string) => sdkError(s3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket, TargetPrefix: "" } } })));
    const missing = await put(`absent-${crypto.randomBytes(4).toString("hex")}`);
    expect(missing).toMatchObject({ name: "InvalidTargetBucketForLogging", message: "The target bucket for logging does not exist", status: 400 });
    expect(await put(foreign)).toMatchObject({ name: "InvalidTargetBucketForLogging", message: "The owner for the bucket to be logged and the target bucket must be the same." });
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled).toBeUndefined();
  });
});

describe("acceleration, request payment and notifications", () => {
  it("stores Transfer Acceleration and requester pays; refuses acceleration on a bucket name with a dot", async () => {
    const bucket = await newBucket(s3, "accel");
    await s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: bucket, AccelerateConfiguration: { Status: "Enabled" } }));
    expect((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: bucket }))).Status).toBe("Enabled");
    await s3.send(new PutBucketRequestPaymentCommand({ Bucket: bucket, RequestPaymentConfiguration: { Payer: "Requester" } }));
    expect((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket }))).Payer).toBe("Requester");
    const dotted = await newBucket(s3, "with.dot");
    expect(await sdkError(s3.send(new PutBucketAccelerateConfigurationCommand({ Bucket: dotted, AccelerateConfiguration: { Status: "Enabled" } })))).toMatchObject({
      name: "InvalidRequest",
      message: "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names",
      status: 400,
    });
  });

  it("stores EventBridge delivery; a queue S3 cannot reach is InvalidArgument naming the destination", async () => {
    const bucket = await newBucket(s3, "events");
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: { EventBridgeConfiguration: {} } }));
    expect((await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).EventBridgeConfiguration).toEqual({});
    const queue = "arn:aws:sqs:us-east-1:123456789012:uploads";
    const error = await sdkError(
      s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: { QueueConfigurations: [{ QueueArn: queue, Events: ["s3:ObjectCreated:*"] }] } })),
    );
    expect(error).toMatchObject({ name: "InvalidArgument", message: "Unable to validate the following destination configurations", status: 400 });
    expect(error.fields.ArgumentName1).toBe(queue);
  });
});

describe("replication", () => {
  const configuration = (destination: string) => ({
    Role: "arn:aws:iam::123456789012:role/replication",
    Rules: [{ ID: "all", Status: "Enabled" as const, Prefix: "", Destination: { Bucket: `arn:aws:s3:::${destination}` } }],
  });

  it("needs versioning on the bucket, and a destination that exists with versioning", async () => {
    const plain = await newBucket(s3, "repl-plain");
    const destination = await versionedBucket("repl-dest");
    const unversioned = await sdkError(s3.send(new PutBucketReplicationCommand({ Bucket: plain, ReplicationConfiguration: configuration(destination) })));
    expect(unversioned).toMatchObject({ name: "InvalidRequest", message: "Versioning must be 'Enabled' on the bucket to apply a replication configuration", status: 400 });
    expect(unversioned.fields.BucketName).toBe(plain);

    const source = await versionedBucket("repl-src");
    const put = (target: string) => sdkError(s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: configuration(target) })));
    expect(await put(`absent-${crypto.randomBytes(4).toString("hex")}`)).toMatchObject({ name: "InvalidRequest", message: "Destination bucket must exist." });
    expect(await put(plain)).toMatchObject({ name: "InvalidRequest", message: "Destination bucket must have versioning enabled." });
    expect(await sdkError(s3.send(new GetBucketReplicationCommand({ Bucket: source })))).toMatchObject({ name: "ReplicationConfigurationNotFoundError", status: 404 });
  });

  it("stores a valid configuration and deletes it", async () => {
    const source = await versionedBucket("repl-ok");
    const destination = await versionedBucket("repl-okdest");
    expect(status(await s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: configuration(destination) })))).toBe(200);
    expect((await s3.send(new GetBucketReplicationCommand({ Bucket: source }))).ReplicationConfiguration).toEqual(configuration(destination));
    expect(status(await s3.send(new DeleteBucketReplicationCommand({ Bucket: source })))).toBe(204);
    expect(await sdkError(s3.send(new GetBucketReplicationCommand({ Bucket: source })))).toMatchObject({ name: "ReplicationConfigurationNotFoundError" });
  });
});

describe("Object Lock and torrents", () => {
  const lock = { ObjectLockEnabled: "Enabled" as const, Rule: { DefaultRetention: { Mode: "GOVERNANCE" as const, Days: 1 } } };

  it("refuses Object Lock on a bucket created without it (InvalidBucketState, 409) and keeps answering that none exists", async () => {
    const plain = await newBucket(s3, "lock");
    expect(await sdkError(s3.send(new PutObjectLockConfigurationCommand({ Bucket: plain, ObjectLockConfiguration: lock })))).toMatchObject({
      name: "InvalidBucketState",
      message: "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
      status: 409,
    });
    const versioned = await versionedBucket("lockv");
    expect(await sdkError(s3.send(new PutObjectLockConfigurationCommand({ Bucket: versioned, ObjectLockConfiguration: lock })))).toMatchObject({
      name: "InvalidBucketState",
      status: 409,
    });
    expect(await sdkError(s3.send(new GetObjectLockConfigurationCommand({ Bucket: versioned })))).toMatchObject({ name: "ObjectLockConfigurationNotFoundError", status: 404 });
    expect((await raw("PUT", `/${plain}?object-lock`, "not xml")).body).toContain("<Code>MalformedXML</Code>");
  });

  it("answers ?torrent with a 4xx: NoSuchKey for a missing key, InvalidRequest for an object (GET and HEAD)", async () => {
    const bucket = await newBucket(s3, "torrent");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "file.bin", Body: "x" }));
    expect(await sdkError(s3.send(new GetObjectTorrentCommand({ Bucket: bucket, Key: "file.bin" })))).toMatchObject({ name: "InvalidRequest", status: 400 });
    expect(await sdkError(s3.send(new GetObjectTorrentCommand({ Bucket: bucket, Key: "absent" })))).toMatchObject({ name: "NoSuchKey", status: 404 });
    expect(await raw("HEAD", `/${bucket}/file.bin?torrent`)).toEqual({ status: 400, body: "" });
    // With a bucket policy the request goes through the policy evaluator, which must know the action's object ARN.
    const deny = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: `arn:aws:s3:::${bucket}/*` }] };
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(deny) }));
    expect(await sdkError(s3.send(new GetObjectTorrentCommand({ Bucket: bucket, Key: "file.bin" })))).toMatchObject({ name: "InvalidRequest", status: 400 });
  });

  it("a malformed body to any configuration is MalformedXML, never a 5xx", async () => {
    const bucket = await newBucket(s3, "fuzzed");
    for (const sub of ["cors", "website", "lifecycle", "logging", "accelerate", "requestPayment", "notification", "replication"]) {
      const response = await raw("PUT", `/${bucket}?${sub}`, "fuzz 0123");
      expect(response.status, sub).toBeLessThan(500);
    }
  });
});
