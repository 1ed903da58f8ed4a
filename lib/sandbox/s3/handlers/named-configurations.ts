/**
 * Analytics, metrics, inventory and Intelligent-Tiering configurations: Put, Get, List and
 * Delete by id, as S3 answers them for a general-purpose bucket (up to 1,000 of each kind, lists
 * by id 100 at a time). The sandbox keeps them, so Terraform's aws_s3_bucket_analytics_configuration,
 * aws_s3_bucket_metric, aws_s3_bucket_inventory and aws_s3_bucket_intelligent_tiering_configuration
 * read back what they wrote; it acts on none (no reports, metrics, inventories or archive tiers).
 */
import { noSuchConfiguration, tooManyConfigurations, tooManyConfigurationsBytes } from "../model/errors";
import { deleteNamedConfiguration, putNamedConfiguration } from "../model/storage";
import { queryParam } from "../protocol/headers";
import { NAMED_CONFIGURATION_INPUTS } from "../protocol/inputs";
import { checkConfigurationId, NAMED_CONFIGURATIONS, parseNamedConfiguration, type NamedConfigurationKind } from "../protocol/named-configurations-xml";
import { RawXml, type S3Result } from "../protocol/response";
import type { S3BucketCall, S3Operation } from "./operation";

/** S3's quota of each kind per bucket. */
export const MAX_CONFIGURATIONS_PER_KIND = 1000;
/** The sandbox's cap on what a bucket's configurations take, stored as JSON (S3 has none; the bucket row is read by every request). */
export const MAX_CONFIGURATION_BYTES = 1024 * 1024;
/** Entries in one List answer, as S3 pages them. */
const LIST_PAGE = 100;

/** The bucket's configurations of one kind, by id in S3's (byte) order. */
function storedOfKind(call: S3BucketCall, configuration: NamedConfigurationKind): [string, string][] {
  const prefix = `${configuration.kind}/`;
  return Object.entries(call.bucket.configurations)
    .filter((entry): entry is [string, string] => entry[0].startsWith(prefix) && typeof entry[1] === "string")
    .map(([key, content]): [string, string] => [key.slice(prefix.length), content])
    .sort(([a], [b]) => (Buffer.from(a).compare(Buffer.from(b))));
}

function getter(configuration: NamedConfigurationKind) {
  return async (call: S3BucketCall): Promise<S3Result> => {
    const id = checkConfigurationId(queryParam(call.request, "id"));
    const found = storedOfKind(call, configuration).find(([stored]) => stored === id);
    if (!found) throw noSuchConfiguration();
    return { document: { root: configuration.root, content: new RawXml(found[1]) } };
  };
}

function putter(configuration: NamedConfigurationKind) {
  return async (call: S3BucketCall): Promise<S3Result> => {
    const id = checkConfigurationId(queryParam(call.request, "id"));
    const content = parseNamedConfiguration(call.request.body, configuration, id);
    const refusal = await putNamedConfiguration(call.bucket.name, configuration.kind, id, content, {
      maxCount: MAX_CONFIGURATIONS_PER_KIND,
      maxBytes: MAX_CONFIGURATION_BYTES,
    });
    if (refusal === "too-many") throw tooManyConfigurations();
    if (refusal === "too-large") throw tooManyConfigurationsBytes(MAX_CONFIGURATION_BYTES);
    return {};
  };
}

/** Deleting an id the bucket does not have is S3's NoSuchConfiguration. */
function deleter(configuration: NamedConfigurationKind) {
  return async (call: S3BucketCall): Promise<S3Result> => {
    const id = checkConfigurationId(queryParam(call.request, "id"));
    if (!(await deleteNamedConfiguration(call.bucket.name, configuration.kind, id))) throw noSuchConfiguration();
    return { status: 204 };
  };
}

/** The continuation token is the last id listed, base64-encoded (S3's tokens are opaque). */
function lister(configuration: NamedConfigurationKind) {
  return async (call: S3BucketCall): Promise<S3Result> => {
    const token = queryParam(call.request, "continuation-token");
    const after = token === undefined ? undefined : Buffer.from(token, "base64").toString("utf8");
    const remaining = storedOfKind(call, configuration).filter(([id]) => after === undefined || Buffer.from(id).compare(Buffer.from(after)) > 0);
    const page = remaining.slice(0, LIST_PAGE);
    const truncated = remaining.length > page.length;
    const content = {
      IsTruncated: truncated,
      ContinuationToken: token,
      NextContinuationToken: truncated ? Buffer.from(page[page.length - 1][0]).toString("base64") : undefined,
      [configuration.root]: page.map(([, stored]) => new RawXml(stored)),
    };
    return { document: { root: configuration.listRoot, content } };
  };
}

const { analytics, metrics, inventory, intelligentTiering } = NAMED_CONFIGURATIONS;

export const namedConfigurationOperations = {
  PutBucketAnalyticsConfiguration: { scope: "bucket", action: "s3:PutAnalyticsConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: putter(analytics) },
  GetBucketAnalyticsConfiguration: { scope: "bucket", action: "s3:GetAnalyticsConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: getter(analytics) },
  ListBucketAnalyticsConfigurations: { scope: "bucket", action: "s3:GetAnalyticsConfiguration", input: NAMED_CONFIGURATION_INPUTS.list, run: lister(analytics) },
  DeleteBucketAnalyticsConfiguration: { scope: "bucket", action: "s3:PutAnalyticsConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: deleter(analytics) },
  PutBucketMetricsConfiguration: { scope: "bucket", action: "s3:PutMetricsConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: putter(metrics) },
  GetBucketMetricsConfiguration: { scope: "bucket", action: "s3:GetMetricsConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: getter(metrics) },
  ListBucketMetricsConfigurations: { scope: "bucket", action: "s3:GetMetricsConfiguration", input: NAMED_CONFIGURATION_INPUTS.list, run: lister(metrics) },
  DeleteBucketMetricsConfiguration: { scope: "bucket", action: "s3:PutMetricsConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: deleter(metrics) },
  PutBucketInventoryConfiguration: { scope: "bucket", action: "s3:PutInventoryConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: putter(inventory) },
  GetBucketInventoryConfiguration: { scope: "bucket", action: "s3:GetInventoryConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: getter(inventory) },
  ListBucketInventoryConfigurations: { scope: "bucket", action: "s3:GetInventoryConfiguration", input: NAMED_CONFIGURATION_INPUTS.list, run: lister(inventory) },
  DeleteBucketInventoryConfiguration: { scope: "bucket", action: "s3:PutInventoryConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: deleter(inventory) },
  PutBucketIntelligentTieringConfiguration: { scope: "bucket", action: "s3:PutIntelligentTieringConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: putter(intelligentTiering) },
  GetBucketIntelligentTieringConfiguration: { scope: "bucket", action: "s3:GetIntelligentTieringConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: getter(intelligentTiering) },
  ListBucketIntelligentTieringConfigurations: { scope: "bucket", action: "s3:GetIntelligentTieringConfiguration", input: NAMED_CONFIGURATION_INPUTS.list, run: lister(intelligentTiering) },
  DeleteBucketIntelligentTieringConfiguration: { scope: "bucket", action: "s3:PutIntelligentTieringConfiguration", input: NAMED_CONFIGURATION_INPUTS.byId, run: deleter(intelligentTiering) },
} satisfies Record<string, S3Operation>;
