/**
 * Analytics, metrics, inventory and Intelligent-Tiering configurations through @aws-sdk/client-s3,
 * as Terraform's aws_s3_bucket_analytics_configuration, aws_s3_bucket_metric,
 * aws_s3_bucket_inventory and aws_s3_bucket_intelligent_tiering_configuration write and read them:
 * what is put reads back by id and in the list, a deleted one is S3's NoSuchConfiguration, and bad
 * input gets S3's code.
 */
import { describe, expect, it } from "vitest";
import {
  DeleteBucketAnalyticsConfigurationCommand,
  DeleteBucketIntelligentTieringConfigurationCommand,
  DeleteBucketInventoryConfigurationCommand,
  DeleteBucketMetricsConfigurationCommand,
  GetBucketAnalyticsConfigurationCommand,
  GetBucketIntelligentTieringConfigurationCommand,
  GetBucketInventoryConfigurationCommand,
  GetBucketMetricsConfigurationCommand,
  ListBucketAnalyticsConfigurationsCommand,
  ListBucketIntelligentTieringConfigurationsCommand,
  ListBucketInventoryConfigurationsCommand,
  ListBucketMetricsConfigurationsCommand,
  PutBucketAnalyticsConfigurationCommand,
  PutBucketIntelligentTieringConfigurationCommand,
  PutBucketInventoryConfigurationCommand,
  PutBucketMetricsConfigurationCommand,
} from "@aws-sdk/client-s3";
import { s3Client, sdkError, newBucket } from "./testing";
import { accountForFile, clientForFile, sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();
const alice = accountForFile(server);
const s3 = clientForFile(() => s3Client(server.endpoint, alice.credentials));

const NO_SUCH_CONFIGURATION = { name: "NoSuchConfiguration", message: "The specified configuration does not exist.", status: 404 };

describe("analytics configurations", () => {
  it("reads back what was put, lists it, and is NoSuchConfiguration once deleted", async () => {
    const bucket = await newBucket(s3, "analytics");
    const configuration = {
      Id: "docs",
      Filter: { And: { Prefix: "docs/", Tags: [{ Key: "team", Value: "lab" }] } },
      StorageClassAnalysis: {
        DataExport: { OutputSchemaVersion: "V_1" as const, Destination: { S3BucketDestination: { Format: "CSV" as const, Bucket: `arn:aws:s3:::${bucket}`, Prefix: "reports/" } } },
      },
    };
    await s3.send(new PutBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "docs", AnalyticsConfiguration: configuration }));
    expect((await s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "docs" }))).AnalyticsConfiguration).toEqual(configuration);
    const listed = await s3.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket: bucket }));
    expect(listed).toMatchObject({ IsTruncated: false, AnalyticsConfigurationList: [configuration] });
    expect((await s3.send(new DeleteBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "docs" }))).$metadata.httpStatusCode).toBe(204);
    expect(await sdkError(s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "docs" })))).toMatchObject(NO_SUCH_CONFIGURATION);
    expect(await sdkError(s3.send(new DeleteBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "docs" })))).toMatchObject(NO_SUCH_CONFIGURATION);
    expect((await s3.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket: bucket }))).AnalyticsConfigurationList).toBeUndefined();
  });

  it("refuses a body whose Id is not the request's, and one without StorageClassAnalysis", async () => {
    const bucket = await newBucket(s3, "analytics-bad");
    expect(
      await sdkError(s3.send(new PutBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "one", AnalyticsConfiguration: { Id: "two", StorageClassAnalysis: {} } }))),
    ).toMatchObject({ name: "InvalidArgument", message: "Invalid argument.", status: 400, fields: { ArgumentName: "Id", ArgumentValue: "two" } });
    expect(
      await sdkError(s3.send(new PutBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "one", AnalyticsConfiguration: { Id: "one" } as never }))),
    ).toMatchObject({ name: "MalformedXML", status: 400 });
    expect((await s3.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket: bucket }))).AnalyticsConfigurationList).toBeUndefined();
  });
});

describe("metrics configurations", () => {
  it("lists 100 by id at a time with a continuation token, and keeps each one's filter", async () => {
    const bucket = await newBucket(s3, "metrics");
    const ids = Array.from({ length: 101 }, (_, i) => `m-${String(i).padStart(3, "0")}`);
    for (const id of [...ids].reverse()) {
      await s3.send(new PutBucketMetricsConfigurationCommand({ Bucket: bucket, Id: id, MetricsConfiguration: { Id: id, Filter: { Prefix: `${id}/` } } }));
    }
    const first = await s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket: bucket }));
    expect(first.IsTruncated).toBe(true);
    expect(first.MetricsConfigurationList?.map((c) => c.Id)).toEqual(ids.slice(0, 100));
    const second = await s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket: bucket, ContinuationToken: first.NextContinuationToken }));
    expect(second).toMatchObject({ IsTruncated: false, ContinuationToken: first.NextContinuationToken, MetricsConfigurationList: [{ Id: "m-100", Filter: { Prefix: "m-100/" } }] });
    expect(second.NextContinuationToken).toBeUndefined();
  });

  it("an Id beyond 64 letters, digits, periods, dashes and underscores is InvalidArgument", async () => {
    const bucket = await newBucket(s3, "metrics-id");
    const id = "x".repeat(65);
    expect(await sdkError(s3.send(new PutBucketMetricsConfigurationCommand({ Bucket: bucket, Id: id, MetricsConfiguration: { Id: id } })))).toMatchObject({
      name: "InvalidArgument",
      status: 400,
      fields: { ArgumentName: "id", ArgumentValue: id },
    });
    expect(await sdkError(s3.send(new GetBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "EntireBucket" })))).toMatchObject(NO_SUCH_CONFIGURATION);
    await s3.send(new PutBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "EntireBucket", MetricsConfiguration: { Id: "EntireBucket" } }));
    expect((await s3.send(new GetBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "EntireBucket" }))).MetricsConfiguration).toEqual({ Id: "EntireBucket" });
    await s3.send(new DeleteBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "EntireBucket" }));
    expect(await sdkError(s3.send(new GetBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "EntireBucket" })))).toMatchObject(NO_SUCH_CONFIGURATION);
  });

  it("a bucket holds at most 1,000 of a kind: TooManyConfigurations, while replacing one still works", async () => {
    const bucket = await newBucket(s3, "metrics-many");
    for (let i = 0; i < 1000; i += 1) {
      await s3.send(new PutBucketMetricsConfigurationCommand({ Bucket: bucket, Id: `m${i}`, MetricsConfiguration: { Id: `m${i}` } }));
    }
    expect(await sdkError(s3.send(new PutBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "one-more", MetricsConfiguration: { Id: "one-more" } })))).toMatchObject({
      name: "TooManyConfigurations",
      message: "You are attempting to create a new configuration but have already reached the 1,000-configuration limit.",
      status: 400,
    });
    await s3.send(new PutBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "m0", MetricsConfiguration: { Id: "m0", Filter: { Prefix: "logs/" } } }));
    expect((await s3.send(new GetBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "m0" }))).MetricsConfiguration?.Filter).toEqual({ Prefix: "logs/" });
    await s3.send(new PutBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "other-kind", AnalyticsConfiguration: { Id: "other-kind", StorageClassAnalysis: {} } }));
  }, 120_000);
});

describe("inventory configurations", () => {
  it("reads back a weekly CSV inventory; one without a Schedule is MalformedXML", async () => {
    const bucket = await newBucket(s3, "inventory");
    const configuration = {
      Id: "weekly",
      IsEnabled: true,
      Destination: { S3BucketDestination: { Bucket: `arn:aws:s3:::${bucket}`, Format: "CSV" as const, Prefix: "inventory" } },
      IncludedObjectVersions: "Current" as const,
      OptionalFields: ["Size" as const, "LastModifiedDate" as const],
      Schedule: { Frequency: "Weekly" as const },
    };
    await s3.send(new PutBucketInventoryConfigurationCommand({ Bucket: bucket, Id: "weekly", InventoryConfiguration: configuration }));
    expect((await s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: bucket, Id: "weekly" }))).InventoryConfiguration).toEqual(configuration);
    expect((await s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket: bucket }))).InventoryConfigurationList).toEqual([configuration]);
    const unscheduled = { ...configuration, Schedule: undefined };
    expect(await sdkError(s3.send(new PutBucketInventoryConfigurationCommand({ Bucket: bucket, Id: "weekly", InventoryConfiguration: unscheduled as never })))).toMatchObject({
      name: "MalformedXML",
      status: 400,
    });
    await s3.send(new DeleteBucketInventoryConfigurationCommand({ Bucket: bucket, Id: "weekly" }));
    expect(await sdkError(s3.send(new GetBucketInventoryConfigurationCommand({ Bucket: bucket, Id: "weekly" })))).toMatchObject(NO_SUCH_CONFIGURATION);
  });
});

describe("Intelligent-Tiering configurations", () => {
  it("reads back the archive tiers; days outside a tier's range are InvalidArgument", async () => {
    const bucket = await newBucket(s3, "tiering");
    const configuration = {
      Id: "archive",
      Filter: { Prefix: "old/" },
      Status: "Enabled" as const,
      Tierings: [
        { Days: 90, AccessTier: "ARCHIVE_ACCESS" as const },
        { Days: 180, AccessTier: "DEEP_ARCHIVE_ACCESS" as const },
      ],
    };
    await s3.send(new PutBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: "archive", IntelligentTieringConfiguration: configuration }));
    expect((await s3.send(new GetBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: "archive" }))).IntelligentTieringConfiguration).toEqual(configuration);
    expect((await s3.send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket: bucket }))).IntelligentTieringConfigurationList).toEqual([configuration]);
    const tooSoon = { ...configuration, Tierings: [{ Days: 30, AccessTier: "ARCHIVE_ACCESS" as const }] };
    expect(await sdkError(s3.send(new PutBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: "archive", IntelligentTieringConfiguration: tooSoon })))).toMatchObject({
      name: "InvalidArgument",
      status: 400,
      fields: { ArgumentName: "Days", ArgumentValue: "30" },
    });
    await s3.send(new DeleteBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: "archive" }));
    expect(await sdkError(s3.send(new GetBucketIntelligentTieringConfigurationCommand({ Bucket: bucket, Id: "archive" })))).toMatchObject(NO_SUCH_CONFIGURATION);
  });
});
