import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

export interface BucketObject {
  key: string;
  size: number;
  lastModified?: string;
}

export interface BucketListing {
  objects: BucketObject[];
  truncated: boolean;
}

/** The first 200 objects of a bucket as these credentials see them (a bucket policy may deny them). */
export async function listBucketObjects(s3: S3Client, bucket: string): Promise<BucketListing> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 200 }));
  const objects: BucketObject[] = (listed.Contents ?? []).map((object) => ({
    key: object.Key!,
    size: object.Size ?? 0,
    lastModified: object.LastModified?.toISOString(),
  }));
  return { objects, truncated: Boolean(listed.IsTruncated) };
}
