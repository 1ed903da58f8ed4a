/**
 * The bucket configurations S3 stores and hands back (CORS, website, lifecycle, logging,
 * acceleration, request payment, notifications, replication): each body is checked as S3 checks
 * it — its schema (MalformedXML) and then its rules, with S3's codes and messages — and kept as
 * its canonical XML: the elements in the order sent, without formatting, attributes or prefixes.
 */
import { XMLParser } from "fast-xml-parser";
import { AwsError } from "@/lib/sandbox/core/errors";
import { ownValue } from "@/lib/sandbox/core/untrusted-input";
import { escapeXml } from "@/lib/sandbox/core/xml";
import { invalidArgument, invalidRequest, malformedXml, invalidArgumentDestinations, invalidTargetBucketForLogging } from "../model/errors";
import { parseXmlBody } from "./xml";

type XmlNode = Record<string, unknown>;

/** The elements `name` under `node`, whether the parser made one object or an array of them. */
export function all(node: unknown, name: string): unknown[] {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return [];
  const value = ownValue(node as XmlNode, name);
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The one element `name` (undefined when absent); MalformedXML when it is repeated. */
export function one(node: unknown, name: string): unknown {
  const values = all(node, name);
  if (values.length > 1) throw malformedXml();
  return values[0];
}

/** The text of `name` (an empty element is ""); undefined when absent, MalformedXML when it holds elements. */
export function text(node: unknown, name: string): string | undefined {
  const value = one(node, name);
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw malformedXml();
  return value;
}

export function requiredText(node: unknown, name: string): string {
  const value = text(node, name);
  if (value === undefined) throw malformedXml();
  return value;
}

export function texts(node: unknown, name: string): string[] {
  return all(node, name).map((value) => {
    if (typeof value !== "string") throw malformedXml();
    return value;
  });
}

export function integer(node: unknown, name: string): number | undefined {
  const value = text(node, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw malformedXml();
  return Number(value.trim());
}

export function oneOf(value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) throw malformedXml();
}

// ---------------------------------------------------------------- canonical form

const orderedParser = new XMLParser({ preserveOrder: true, ignoreAttributes: true, parseTagValue: false, trimValues: false, removeNSPrefix: true, processEntities: true });

type OrderedNode = Record<string, unknown>;

/** Children as XML: elements in order; text kept only where an element holds no elements (no indentation). */
function canonicalChildren(nodes: OrderedNode[]): string {
  const holdsElements = nodes.some((node) => Object.keys(node).some((name) => name !== "#text"));
  let out = "";
  for (const node of nodes) {
    for (const name of Object.keys(node)) {
      const value = node[name];
      if (name === "#text") {
        if (!holdsElements) out += escapeXml(String(value));
      } else if (!name.startsWith("?") && name !== ":@") {
        out += `<${name}>${canonicalChildren(value as OrderedNode[])}</${name}>`;
      }
    }
  }
  return out;
}

/** What is inside the root element of a body that parseXmlBody already accepted. */
export function canonicalContent(body: Buffer, root: string): string {
  const nodes = orderedParser.parse(body.toString("utf8")) as OrderedNode[];
  const document = nodes.find((node) => Object.hasOwn(node, root));
  return document ? canonicalChildren(document[root] as OrderedNode[]) : "";
}

// ---------------------------------------------------------------- CORS

const CORS_METHODS = ["GET", "PUT", "HEAD", "POST", "DELETE"];
const MAX_CORS_RULES = 100;

function checkCorsRule(rule: unknown): void {
  const methods = texts(rule, "AllowedMethod");
  const origins = texts(rule, "AllowedOrigin");
  if (methods.length === 0 || origins.length === 0) throw malformedXml();
  integer(rule, "MaxAgeSeconds");
  for (const method of methods) {
    if (!CORS_METHODS.includes(method)) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
  }
  for (const origin of origins) {
    if (origin.split("*").length > 2) throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
  }
  for (const header of texts(rule, "AllowedHeader")) {
    if (header.split("*").length > 2) throw invalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`);
  }
}

/** PutBucketCors: 1 to 100 rules, each with a method S3 knows and at least one origin. */
export function parseCors(body: Buffer): string {
  const rules = all(parseXmlBody(body, "CORSConfiguration"), "CORSRule");
  if (rules.length === 0 || rules.length > MAX_CORS_RULES) throw malformedXml();
  rules.forEach(checkCorsRule);
  return canonicalContent(body, "CORSConfiguration");
}

// ---------------------------------------------------------------- website

function checkRedirect(redirect: unknown): void {
  oneOf(text(redirect, "Protocol"), ["http", "https"]);
  const code = text(redirect, "HttpRedirectCode");
  if (code !== undefined && !/^3\d\d$/.test(code)) {
    throw invalidArgument("The provided HTTP redirect code is not valid. It should be a string containing a number.", "HttpRedirectCode", code);
  }
}

/**
 * PutBucketWebsite: RedirectAllRequestsTo alone, or an IndexDocument (a suffix without a slash)
 * with an optional ErrorDocument and routing rules that each redirect.
 */
export function parseWebsite(body: Buffer): string {
  const document = parseXmlBody(body, "WebsiteConfiguration");
  const redirectAll = one(document, "RedirectAllRequestsTo");
  const index = one(document, "IndexDocument");
  if (redirectAll !== undefined) {
    if (index !== undefined || one(document, "ErrorDocument") !== undefined || one(document, "RoutingRules") !== undefined) {
      throw invalidArgument("RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.", "RedirectAllRequestsTo", "not null");
    }
    requiredText(redirectAll, "HostName");
    oneOf(text(redirectAll, "Protocol"), ["http", "https"]);
    return canonicalContent(body, "WebsiteConfiguration");
  }
  if (index === undefined) {
    throw invalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty", "IndexDocument", "null");
  }
  const suffix = requiredText(index, "Suffix");
  if (suffix === "" || suffix.includes("/")) throw invalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument", suffix);
  const error = one(document, "ErrorDocument");
  if (error !== undefined) requiredText(error, "Key");
  for (const rule of all(one(document, "RoutingRules"), "RoutingRule")) {
    const redirect = one(rule, "Redirect");
    if (redirect === undefined) throw malformedXml();
    checkRedirect(redirect);
  }
  return canonicalContent(body, "WebsiteConfiguration");
}

// ---------------------------------------------------------------- lifecycle

const LIFECYCLE_ACTIONS = ["Expiration", "Transition", "NoncurrentVersionExpiration", "NoncurrentVersionTransition", "AbortIncompleteMultipartUpload"];
const MAX_LIFECYCLE_RULES = 1000;
const MAX_RULE_ID = 255;

function positiveDays(node: unknown, name: string, action: string): void {
  const days = integer(node, name);
  if (days !== undefined && days <= 0) throw invalidArgument(`'${name}' for ${action} action must be a positive integer`, name, String(days));
}

function checkLifecycleRule(rule: unknown, ids: Set<string>): void {
  oneOf(requiredText(rule, "Status"), ["Enabled", "Disabled"]);
  if (one(rule, "Prefix") !== undefined && one(rule, "Filter") !== undefined) throw malformedXml();
  const id = text(rule, "ID");
  if (id !== undefined) {
    if (id.length > MAX_RULE_ID) throw invalidArgument("ID length should not exceed allowed limit of 255", "ID", id);
    if (ids.has(id)) throw invalidArgument("Rule ID must be unique. Found same ID for more than one rule", "ID", id);
    ids.add(id);
  }
  if (!LIFECYCLE_ACTIONS.some((action) => one(rule, action) !== undefined)) throw invalidRequest("At least one action needs to be specified in a rule");
  const expiration = one(rule, "Expiration");
  if (expiration !== undefined) positiveDays(expiration, "Days", "Expiration");
  const noncurrent = one(rule, "NoncurrentVersionExpiration");
  if (noncurrent !== undefined) positiveDays(noncurrent, "NoncurrentDays", "NoncurrentVersionExpiration");
  const abort = one(rule, "AbortIncompleteMultipartUpload");
  if (abort !== undefined) positiveDays(abort, "DaysAfterInitiation", "AbortIncompleteMultipartUpload");
}

/** PutBucketLifecycleConfiguration: 1 to 1,000 rules with a status, unique ids and at least one action. */
export function parseLifecycle(body: Buffer): string {
  const rules = all(parseXmlBody(body, "LifecycleConfiguration"), "Rule");
  if (rules.length === 0 || rules.length > MAX_LIFECYCLE_RULES) throw malformedXml();
  const ids = new Set<string>();
  for (const rule of rules) checkLifecycleRule(rule, ids);
  return canonicalContent(body, "LifecycleConfiguration");
}

// ---------------------------------------------------------------- logging

/** PutBucketLogging: the target bucket and prefix, or null for an empty status (logging off). */
export function parseLogging(body: Buffer): { content: string; targetBucket: string } | null {
  const enabled = one(parseXmlBody(body, "BucketLoggingStatus"), "LoggingEnabled");
  if (enabled === undefined) return null;
  const targetBucket = requiredText(enabled, "TargetBucket");
  requiredText(enabled, "TargetPrefix");
  return { content: canonicalContent(body, "BucketLoggingStatus"), targetBucket };
}

export function invalidLoggingTarget(message: string, targetBucket: string): AwsError {
  return invalidTargetBucketForLogging(message, targetBucket);
}

// ---------------------------------------------------------------- acceleration, request payment

/** PutBucketAccelerateConfiguration: Enabled or Suspended; S3 refuses a bucket whose name has a dot. */
export function parseAccelerate(body: Buffer, bucket: string): string {
  const status = requiredText(parseXmlBody(body, "AccelerateConfiguration"), "Status");
  oneOf(status, ["Enabled", "Suspended"]);
  if (bucket.includes(".")) throw invalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in their names");
  return `<Status>${status}</Status>`;
}

export function parseRequestPayment(body: Buffer): string {
  const payer = requiredText(parseXmlBody(body, "RequestPaymentConfiguration"), "Payer");
  oneOf(payer, ["BucketOwner", "Requester"]);
  return `<Payer>${payer}</Payer>`;
}

// ---------------------------------------------------------------- notifications

/** Destinations S3 must reach when the configuration is put; the sandbox has no topics, queues or functions. */
const DESTINATIONS = [
  ["TopicConfiguration", "Topic", "Permissions on the destination topic do not allow S3 to publish notifications from this bucket"],
  ["QueueConfiguration", "Queue", "Permissions on the destination queue do not allow S3 to publish notifications from this bucket"],
  ["CloudFunctionConfiguration", "CloudFunction", "Not authorized to invoke function [{arn}]"],
] as const;

/**
 * PutBucketNotificationConfiguration: an empty document turns notifications off (null) and
 * EventBridge needs no destination; SNS, SQS and Lambda destinations do not exist in the sandbox,
 * so S3's validation of them fails as it does for a destination that does not admit S3.
 */
export function parseNotification(body: Buffer): string | null {
  const document = parseXmlBody(body, "NotificationConfiguration");
  const failures: [string, string][] = [];
  for (const [element, arnElement, reason] of DESTINATIONS) {
    for (const configuration of all(document, element)) {
      const arn = requiredText(configuration, arnElement);
      if (texts(configuration, "Event").length === 0) throw malformedXml();
      failures.push([arn, reason.replace("{arn}", arn)]);
    }
  }
  if (failures.length > 0) {
    const details = Object.fromEntries(failures.flatMap(([arn, reason], i) => [[`ArgumentName${i + 1}`, arn], [`ArgumentValue${i + 1}`, reason]]));
    throw invalidArgumentDestinations(details);
  }
  const content = canonicalContent(body, "NotificationConfiguration");
  return content === "" ? null : content;
}

// ---------------------------------------------------------------- replication

/** PutBucketReplication's body: its role and the destination buckets of its rules (by name). */
export function parseReplication(body: Buffer): { content: string; destinations: string[] } {
  const document = parseXmlBody(body, "ReplicationConfiguration");
  requiredText(document, "Role");
  const rules = all(document, "Rule");
  if (rules.length === 0) throw malformedXml();
  const destinations = rules.map((rule) => {
    oneOf(requiredText(rule, "Status"), ["Enabled", "Disabled"]);
    const destination = one(rule, "Destination");
    if (destination === undefined) throw malformedXml();
    const arn = requiredText(destination, "Bucket");
    if (!arn.startsWith("arn:aws:s3:::")) throw invalidArgument("Invalid bucket ARN.", "Bucket", arn);
    return arn.slice("arn:aws:s3:::".length);
  });
  return { content: canonicalContent(body, "ReplicationConfiguration"), destinations };
}

// ---------------------------------------------------------------- object lock

/** PutObjectLockConfiguration's body: ObjectLockEnabled must say Enabled; a default retention names a mode and one period. */
export function parseObjectLock(body: Buffer): void {
  const document = parseXmlBody(body, "ObjectLockConfiguration");
  oneOf(requiredText(document, "ObjectLockEnabled"), ["Enabled"]);
  const retention = one(one(document, "Rule"), "DefaultRetention");
  if (retention === undefined) return;
  oneOf(requiredText(retention, "Mode"), ["GOVERNANCE", "COMPLIANCE"]);
  const days = integer(retention, "Days");
  const years = integer(retention, "Years");
  if ((days === undefined) === (years === undefined)) throw malformedXml();
  const period = days ?? years!;
  if (period <= 0) throw invalidArgument("Default retention period must be a positive integer value.", days === undefined ? "Years" : "Days", String(period));
}
