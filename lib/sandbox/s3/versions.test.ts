/**
 * Object versions through the SDK: versions and delete markers with versioning Enabled, the "null"
 * version when unversioned or Suspended, ListObjectVersions with its markers, and the unversioned
 * bucket emptied by version as Ansible's `s3_bucket state=absent force=true` does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { testDatabaseKinds } from "@/lib/db/testing";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import type { VersioningStatus } from "./model/versioning";
import { sdkError, s3Client, newBucket } from "./testing";

let server: SandboxServer;
let s3: S3Client;

describe.each(testDatabaseKinds())("on %s", (database) => {
  beforeAll(async () => {
    server = await startSandboxServer({ database });
    s3 = s3Client(server.endpoint, (await server.newAccount()).credentials);
  });
  afterAll(async () => {
    await server.close();
  });

  async function bucketWithVersioning(label: string, status?: VersioningStatus): Promise<string> {
    const name = await newBucket(s3, label);
    if (status !== undefined) await setVersioning(name, status);
    return name;
  }

  async function setVersioning(bucket: string, status: "Enabled" | "Suspended"): Promise<void> {
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }));
  }

  async function text(bucket: string, key: string, versionId?: string): Promise<string> {
    const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return read.Body!.transformToString();
  }

  const VERSION_ID = /^[A-Za-z0-9._-]{32}$/;

  describe("versioning Enabled", () => {
    it("keeps every PUT as a version, hides the key behind a delete marker, and brings it back when the marker is deleted", async () => {
      const bucket = await bucketWithVersioning("versions", "Enabled");
      const first = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "notes.txt", Body: "one" }));
      const second = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "notes.txt", Body: "two" }));
      expect(first.VersionId).toMatch(VERSION_ID);
      expect(second.VersionId).toMatch(VERSION_ID);
      expect(second.VersionId).not.toBe(first.VersionId);
      expect(await text(bucket, "notes.txt")).toBe("two");
      expect(await text(bucket, "notes.txt", first.VersionId)).toBe("one");
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "notes.txt", VersionId: first.VersionId }));
      expect(head).toMatchObject({ ContentLength: 3, VersionId: first.VersionId });

      const deleted = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "notes.txt" }));
      expect(deleted.DeleteMarker).toBe(true);
      expect(deleted.VersionId).toMatch(VERSION_ID);
      const gone = await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "notes.txt" })));
      expect(gone).toMatchObject({ name: "NoSuchKey", message: "The specified key does not exist.", status: 404 });
      const marker = await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "notes.txt", VersionId: deleted.VersionId })));
      expect(marker).toMatchObject({ name: "MethodNotAllowed", message: "The specified method is not allowed against this resource.", status: 405 });
      expect(marker.fields).toMatchObject({ Method: "GET", ResourceType: "DeleteMarker" });
      expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);

      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      expect(listed.Versions!.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size, v.ETag])).toEqual([
        ["notes.txt", second.VersionId, false, 3, second.ETag],
        ["notes.txt", first.VersionId, false, 3, first.ETag],
      ]);
      expect(listed.DeleteMarkers!.map((m) => [m.Key, m.VersionId, m.IsLatest])).toEqual([["notes.txt", deleted.VersionId, true]]);
      expect(listed.IsTruncated).toBe(false);

      const undeleted = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "notes.txt", VersionId: deleted.VersionId }));
      expect(undeleted).toMatchObject({ DeleteMarker: true, VersionId: deleted.VersionId });
      expect(await text(bucket, "notes.txt")).toBe("two");
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "notes.txt", VersionId: second.VersionId }));
      expect(await text(bucket, "notes.txt")).toBe("one");
    });

    it("answers NoSuchVersion for an id it never gave, InvalidArgument for one S3 could not have made", async () => {
      const bucket = await bucketWithVersioning("bad-ids", "Enabled");
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
      const missing = "A".repeat(32);
      const unknown = await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: missing })));
      expect(unknown).toMatchObject({ name: "NoSuchVersion", message: "The specified version does not exist.", status: 404 });
      expect(unknown.fields).toMatchObject({ Key: "k", VersionId: missing });
      const malformed = await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: "not-a-version" })));
      expect(malformed).toMatchObject({ name: "InvalidArgument", message: "Invalid version id specified", status: 400 });
      expect(malformed.fields).toMatchObject({ ArgumentName: "versionId", ArgumentValue: "not-a-version" });
    });

    it("pages ListObjectVersions with key and version-id markers, never repeating or skipping a version", async () => {
      const bucket = await bucketWithVersioning("paging", "Enabled");
      for (const key of ["a", "b", "c"]) {
        for (let i = 0; i < 2; i++) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${key}${i}` }));
      }
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "b" }));
      const all = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      const everything = entries(all);
      expect(everything.map((entry) => entry.split("/")[0]).sort()).toEqual(["a", "a", "b", "b", "b", "c", "c"]);
      const paged: string[] = [];
      const lastKeys: string[] = [];
      let page: ListObjectVersionsCommandOutput | undefined;
      do {
        page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 3, KeyMarker: page?.NextKeyMarker, VersionIdMarker: page?.NextVersionIdMarker }));
        paged.push(...entries(page));
        if (page.IsTruncated) {
          expect(entries(page)).toContain(`${page.NextKeyMarker}/${page.NextVersionIdMarker}`);
          lastKeys.push(page.NextKeyMarker!);
        }
      } while (page.IsTruncated);
      expect(lastKeys).toEqual(["b", "c"]);
      expect(paged.length).toBe(everything.length);
      expect([...paged].sort()).toEqual([...everything].sort());
      const noKey = await sdkError(s3.send(new ListObjectVersionsCommand({ Bucket: bucket, VersionIdMarker: everything[0][1] })));
      expect(noKey).toMatchObject({ name: "InvalidArgument", message: "A version-id marker cannot be specified without a key marker.", status: 400 });
    });
  });

  /** A page's versions and delete markers as "key/version-id" (the SDK gives them as two lists), with each key's part of the page. */
  function entries(page: ListObjectVersionsCommandOutput): string[] {
    return [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((entry) => `${entry.Key}/${entry.VersionId}`);
  }

  describe("unversioned and suspended buckets", () => {
    it("lists an unversioned bucket's objects as \"null\" versions, deletes them by version as Ansible does, and the bucket can go", async () => {
      const bucket = await bucketWithVersioning("ansible");
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "a" }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "b.txt", Body: "b" }));
      const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "b.txt", Body: "bb" }));
      expect(put.VersionId).toBeUndefined();
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      expect(listed.Versions!.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size])).toEqual([
        ["a.txt", "null", true, 1],
        ["b.txt", "null", true, 2],
      ]);
      expect(listed.DeleteMarkers).toBeUndefined();
      const removed = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: listed.Versions!.map((v) => ({ Key: v.Key, VersionId: v.VersionId })) } }),
      );
      expect(removed.Deleted!.map((d) => [d.Key, d.VersionId])).toEqual([
        ["a.txt", "null"],
        ["b.txt", "null"],
      ]);
      expect(removed.Errors).toBeUndefined();
      expect((await s3.send(new DeleteBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
    });

    it("deletes by version from a bucket with a policy (the object's ARN is what DeleteObjectVersion is judged on)", async () => {
      const bucket = await bucketWithVersioning("policy");
      const statement = { Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/secret/*` };
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "a" }));
      const removed = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "a.txt", VersionId: "null" }] } }));
      expect(removed.Deleted!.map((d) => [d.Key, d.VersionId])).toEqual([["a.txt", "null"]]);
      expect(removed.Errors).toBeUndefined();
    });

    it("Suspended writes the \"null\" version over the last one, keeps the versions made while Enabled, and deletes with a \"null\" marker", async () => {
      const bucket = await bucketWithVersioning("suspended", "Enabled");
      const kept = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "enabled" }));
      await setVersioning(bucket, "Suspended");
      const first = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "null-1" }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "null-2" }));
      expect(first.VersionId).toBe("null");
      expect(await text(bucket, "k")).toBe("null-2");
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      expect(versions.Versions!.map((v) => [v.VersionId, v.IsLatest])).toEqual([
        ["null", true],
        [kept.VersionId, false],
      ]);
      const deleted = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
      expect(deleted).toMatchObject({ DeleteMarker: true, VersionId: "null" });
      const after = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      expect(after.Versions!.map((v) => v.VersionId)).toEqual([kept.VersionId]);
      expect(after.DeleteMarkers!.map((m) => [m.VersionId, m.IsLatest])).toEqual([["null", true]]);
      const notEmpty = await sdkError(s3.send(new DeleteBucketCommand({ Bucket: bucket })));
      expect(notEmpty).toMatchObject({ name: "BucketNotEmpty", status: 409 });
    });
  });
});
