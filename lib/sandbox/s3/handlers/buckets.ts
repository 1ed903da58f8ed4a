/** Bucket operations: ListBuckets, CreateBucket, HeadBucket, GetBucketLocation, DeleteBucket. */
import { isValidBucketName } from "../model/bucket-names";
import { bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty, invalidArgument, invalidBucketName, noSuchBucket, tooManyBuckets, illegalLocationConstraintException } from "../model/errors";
import { bucketsOwnedBy, deleteEmptyBucket, insertBucket, type BucketRow } from "../model/storage";
import { integerParam, queryParam } from "../protocol/headers";
import type { S3Result } from "../protocol/response";
import { isoSeconds, parseXmlBody } from "../protocol/xml";
import { canonicalUserId, type S3BucketCall, type S3Call, type S3Operation } from "./operation";
import { LISTING_INPUTS } from "../protocol/inputs";

/** A sandbox account may own this many buckets (AWS's default quota was 100 for years). */
export const MAX_BUCKETS_PER_ACCOUNT = 100;

function bucketEntry(bucket: BucketRow) {
  return { Name: bucket.name, CreationDate: isoSeconds(bucket.createdAt), BucketRegion: bucket.region };
}

async function listBuckets(call: S3Call): Promise<S3Result> {
  const prefix = queryParam(call.request, "prefix") ?? "";
  const region = queryParam(call.request, "bucket-region");
  const maxBuckets = integerParam(call.request, "max-buckets", 10_000, 1, 10_000, "Argument max-buckets must be an integer between 1 and 10000");
  const after = queryParam(call.request, "continuation-token") ?? "";
  const matching = (await bucketsOwnedBy(call.ctx.accountId)).filter(
    (bucket) => bucket.name.startsWith(prefix) && (region === undefined || bucket.region === region) && bucket.name > after,
  );
  const page = matching.slice(0, maxBuckets);
  const next = matching.length > maxBuckets ? page[page.length - 1].name : undefined;
  const content = {
    Owner: { ID: canonicalUserId(call.ctx.accountId) },
    Buckets: { Bucket: page.map(bucketEntry) },
    ContinuationToken: next,
    Prefix: queryParam(call.request, "prefix"),
  };
  return { document: { root: "ListAllMyBucketsResult", content } };
}

/** The region a CreateBucket asks for: its LocationConstraint, which must match the endpoint's region. */
function requestedRegion(call: S3Call): string {
  const { body } = call.request;
  const constraint = body.length === 0 ? undefined : (parseXmlBody(body, "CreateBucketConfiguration").LocationConstraint as string | undefined);
  const region = call.ctx.region;
  if (constraint === undefined || constraint === "") {
    if (region !== "us-east-1") {
      throw illegalLocationConstraintException("unspecified");
    }
    return "us-east-1";
  }
  if (typeof constraint !== "string" || constraint === "us-east-1") {
    throw invalidArgument("The specified location-constraint is not valid", "LocationConstraint", String(constraint));
  }
  if (constraint !== region) {
    throw illegalLocationConstraintException(constraint);
  }
  return constraint;
}

async function createBucket(call: S3Call): Promise<S3Result> {
  const name = call.request.bucket!;
  if (!isValidBucketName(name)) throw invalidBucketName(name);
  const region = requestedRegion(call);
  const result = await insertBucket({ name, ownerAccountId: call.ctx.accountId, region, createdAt: new Date(call.ctx.now) }, MAX_BUCKETS_PER_ACCOUNT);
  if ("tooMany" in result) throw tooManyBuckets();
  if (!result.created) {
    if (result.row.ownerAccountId !== call.ctx.accountId) throw bucketAlreadyExists(name);
    // For legacy compatibility S3 answers 200 to re-creating your own bucket in us-east-1 (only there).
    if (result.row.region !== "us-east-1" || region !== "us-east-1") throw bucketAlreadyOwnedByYou(name);
  }
  return { headers: { Location: `/${name}` } };
}

async function headBucket(call: S3BucketCall): Promise<S3Result> {
  return { headers: { "x-amz-bucket-region": call.bucket.region, "x-amz-access-point-alias": "false" } };
}

async function getBucketLocation(call: S3BucketCall): Promise<S3Result> {
  const { region } = call.bucket;
  // us-east-1 is reported as an empty constraint, as S3 always has.
  return { document: { root: "LocationConstraint", content: region === "us-east-1" ? "" : region } };
}

async function deleteBucket(call: S3BucketCall): Promise<S3Result> {
  const outcome = await deleteEmptyBucket(call.bucket.name);
  if (outcome === "not-empty") throw bucketNotEmpty(call.bucket.name);
  if (outcome === "missing") throw noSuchBucket(call.bucket.name);
  return { status: 204 };
}

export const bucketOperations = {
  ListBuckets: { scope: "service", action: "s3:ListAllMyBuckets", input: LISTING_INPUTS.ListBuckets, run: listBuckets },
  CreateBucket: { scope: "create-bucket", action: "s3:CreateBucket", run: createBucket },
  HeadBucket: { scope: "bucket", action: "s3:ListBucket", run: headBucket },
  GetBucketLocation: { scope: "bucket", action: "s3:GetBucketLocation", run: getBucketLocation },
  DeleteBucket: { scope: "bucket", action: "s3:DeleteBucket", run: deleteBucket },
} satisfies Record<string, S3Operation>;
