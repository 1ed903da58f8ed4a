/**
 * Test doubles for the simulated hosts: in-memory S3, host files and IAM keys. For tests only.
 */
import { LAB_USER_ARN } from "@/lib/analysis/fixtures";
import { validateBucketPolicy } from "@/lib/sandbox/s3/model/bucket-policy";
import type { AccessKeyOwner, HostFiles, HostServices, S3BucketEntry, S3ObjectEntry } from "./types";

export const LAB_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
export const LAB_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
export const LAB_USER_ID = "AIDASAMPLEUSERID12345";
/** 2024-05-01 12:00:00 UTC. */
export const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

export interface FakeHostServices extends HostServices {
  buckets: Map<string, { creationDate: number; policy?: string | null; objects: Map<string, { body: string; lastModified: number }> }>;
  files: Map<string, HostFiles>;
}

export function fakeServices(buckets: Record<string, Record<string, string>> = {}): FakeHostServices {
  const owner: AccessKeyOwner = { arn: LAB_USER_ARN, accountId: "111122223333", userId: LAB_USER_ID, userName: "lab-user", secretAccessKey: LAB_SECRET };
  const store: FakeHostServices["buckets"] = new Map(
    Object.entries(buckets).map(([name, objects]) => [name, { creationDate: NOW - 86_400_000, objects: new Map(Object.entries(objects).map(([key, body]) => [key, { body, lastModified: NOW - 3_600_000 }])) }]),
  );
  const files = new Map<string, HostFiles>();
  return {
    buckets: store,
    files,
    now: () => NOW,
    resolveAccessKey: async (id) => (id === LAB_KEY_ID ? owner : null),
    loadHostFiles: async (instanceId) => files.get(instanceId) ?? {},
    saveHostFiles: async (instanceId, saved) => void files.set(instanceId, saved),
    s3: {
      listBuckets: async (): Promise<S3BucketEntry[]> => [...store].map(([name, bucket]) => ({ name, creationDate: bucket.creationDate })),
      listObjects: async (bucket, prefix): Promise<S3ObjectEntry[]> =>
        [...(store.get(bucket)?.objects ?? [])]
          .filter(([key]) => key.startsWith(prefix))
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, object]) => ({ key, size: Buffer.byteLength(object.body), lastModified: object.lastModified })),
      getObject: async (bucket, key) => store.get(bucket)?.objects.get(key),
      putObject: async (bucket, key, body) => void store.get(bucket)?.objects.set(key, { body, lastModified: NOW }),
      deleteObject: async (bucket, key) => void store.get(bucket)?.objects.delete(key),
      getBucketPolicy: async (bucket) => (store.has(bucket) ? (store.get(bucket)!.policy ?? null) : undefined),
      putBucketPolicy: async (bucket, policy) => {
        validateBucketPolicy(policy, bucket);
        store.get(bucket)!.policy = policy;
      },
      deleteBucketPolicy: async (bucket) => void (store.get(bucket)!.policy = null),
    },
  };
}
