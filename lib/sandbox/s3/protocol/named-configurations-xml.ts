/**
 * The bucket configurations S3 keeps many of, each under an id: analytics (storage class
 * analysis), CloudWatch request metrics, inventory and S3 Intelligent-Tiering archive
 * configurations. Each body is checked against S3's schema (MalformedXML) and its id against the
 * request's; the canonical XML inside the root element is what is kept and listed.
 */
import type { S3NamedConfigurationKind } from "@/lib/db/schema";
import { AwsError } from "@/lib/sandbox/core/errors";
import { invalidArgument, malformedXml } from "../model/errors";
import { all, canonicalContent, integer, one, oneOf, requiredText, text, texts } from "./configurations-xml";
import { parseXmlBody } from "./xml";

/** Ids are at most 64 letters, digits, periods, dashes and underscores (S3's model documents the rule). */
const CONFIGURATION_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** S3's documented answer to a bad argument of these operations ("Invalid argument."), naming the argument. */
export function invalidConfigurationArgument(name: string, value: string): AwsError {
  return invalidArgument("Invalid argument.", name, value);
}

/** The request's `id`: required on Put, Get and Delete, and of S3's id form. */
export function checkConfigurationId(id: string | undefined): string {
  if (id === undefined || !CONFIGURATION_ID.test(id)) throw invalidConfigurationArgument("id", id ?? "");
  return id;
}

function requiredElement(node: unknown, name: string): unknown {
  const value = one(node, name);
  if (value === undefined) throw malformedXml();
  return value;
}

function checkTag(tag: unknown): void {
  requiredText(tag, "Key");
  requiredText(tag, "Value");
}

/** A filter is one of its choices (Prefix, Tag, …, or And of several); empty or two at once is MalformedXML. */
function checkFilter(filter: unknown, choices: readonly string[]): void {
  if (filter === undefined) return;
  const present = choices.filter((choice) => one(filter, choice) !== undefined);
  if (present.length !== 1) throw malformedXml();
  const and = one(filter, "And");
  if (and !== undefined) {
    text(and, "Prefix");
    text(and, "AccessPointArn");
    all(and, "Tag").forEach(checkTag);
  }
  const tag = one(filter, "Tag");
  if (tag !== undefined) checkTag(tag);
}

function checkAnalytics(document: unknown): void {
  checkFilter(one(document, "Filter"), ["Prefix", "Tag", "And"]);
  const analysis = requiredElement(document, "StorageClassAnalysis");
  const dataExport = one(analysis, "DataExport");
  if (dataExport === undefined) return;
  oneOf(requiredText(dataExport, "OutputSchemaVersion"), ["V_1"]);
  const destination = requiredElement(requiredElement(dataExport, "Destination"), "S3BucketDestination");
  oneOf(requiredText(destination, "Format"), ["CSV"]);
  requiredText(destination, "Bucket");
}

function checkMetrics(document: unknown): void {
  checkFilter(one(document, "Filter"), ["Prefix", "Tag", "AccessPointArn", "And"]);
}

function checkInventory(document: unknown): void {
  const destination = requiredElement(requiredElement(document, "Destination"), "S3BucketDestination");
  requiredText(destination, "Bucket");
  oneOf(requiredText(destination, "Format"), ["CSV", "ORC", "Parquet"]);
  oneOf(requiredText(document, "IsEnabled"), ["true", "false"]);
  const filter = one(document, "Filter");
  if (filter !== undefined) requiredText(filter, "Prefix");
  oneOf(requiredText(document, "IncludedObjectVersions"), ["All", "Current"]);
  texts(one(document, "OptionalFields"), "Field");
  oneOf(requiredText(requiredElement(document, "Schedule"), "Frequency"), ["Daily", "Weekly"]);
}

/** Days after which each archive tier applies: S3 Intelligent-Tiering's documented ranges. */
const ARCHIVE_DAYS: Record<string, [number, number]> = { ARCHIVE_ACCESS: [90, 730], DEEP_ARCHIVE_ACCESS: [180, 730] };

function checkIntelligentTiering(document: unknown): void {
  checkFilter(one(document, "Filter"), ["Prefix", "Tag", "And"]);
  oneOf(requiredText(document, "Status"), ["Enabled", "Disabled"]);
  const tierings = all(document, "Tiering");
  if (tierings.length === 0) throw malformedXml();
  for (const tiering of tierings) {
    const tier = requiredText(tiering, "AccessTier");
    oneOf(tier, Object.keys(ARCHIVE_DAYS));
    const days = integer(tiering, "Days");
    if (days === undefined) throw malformedXml();
    const [low, high] = ARCHIVE_DAYS[tier];
    if (days < low || days > high) throw invalidConfigurationArgument("Days", String(days));
  }
}

export interface NamedConfigurationKind {
  kind: S3NamedConfigurationKind;
  /** The configuration's element, in a Put body, a Get answer and each entry of a List answer. */
  root: string;
  /** The List answer's root element. */
  listRoot: string;
  check(document: unknown): void;
}

export const NAMED_CONFIGURATIONS = {
  analytics: { kind: "analytics", root: "AnalyticsConfiguration", listRoot: "ListBucketAnalyticsConfigurationResult", check: checkAnalytics },
  metrics: { kind: "metrics", root: "MetricsConfiguration", listRoot: "ListMetricsConfigurationsResult", check: checkMetrics },
  inventory: { kind: "inventory", root: "InventoryConfiguration", listRoot: "ListInventoryConfigurationsResult", check: checkInventory },
  intelligentTiering: {
    kind: "intelligentTiering",
    root: "IntelligentTieringConfiguration",
    listRoot: "ListBucketIntelligentTieringConfigurationsOutput",
    check: checkIntelligentTiering,
  },
} satisfies Record<S3NamedConfigurationKind, NamedConfigurationKind>;

/** A Put body: its schema, then its Id, which must be the request's; the canonical content to keep. */
export function parseNamedConfiguration(body: Buffer, configuration: NamedConfigurationKind, id: string): string {
  const document = parseXmlBody(body, configuration.root);
  const bodyId = requiredText(document, "Id");
  configuration.check(document);
  if (bodyId !== id) throw invalidConfigurationArgument("Id", bodyId);
  return canonicalContent(body, configuration.root);
}
