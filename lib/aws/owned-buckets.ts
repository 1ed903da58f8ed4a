/** The buckets the console created for a user (see ownedBuckets in lib/db/schema.ts for why not tags). */
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { ownedBuckets } from "@/lib/db/schema";
import type { OwnerTags } from "./ownership";

export interface BucketRecords {
  list(): Promise<string[]>;
  record(bucket: string): Promise<void>;
  forget(bucket: string): Promise<void>;
}

export function bucketRecordsFor(owner: OwnerTags): BucketRecords {
  return {
    async list() {
      const db = await getDb();
      const rows = await db.select({ bucket: ownedBuckets.bucket }).from(ownedBuckets).where(eq(ownedBuckets.userId, owner.userId));
      return rows.map((row) => row.bucket);
    },
    async record(bucket) {
      const db = await getDb();
      await db
        .insert(ownedBuckets)
        .values({ userId: owner.userId, bucket, labId: owner.labId ?? null, runId: owner.runId ?? null })
        .onConflictDoUpdate({ target: [ownedBuckets.userId, ownedBuckets.bucket], set: { labId: owner.labId ?? null, runId: owner.runId ?? null, createdAt: new Date() } });
    },
    async forget(bucket) {
      const db = await getDb();
      await db.delete(ownedBuckets).where(and(eq(ownedBuckets.userId, owner.userId), eq(ownedBuckets.bucket, bucket)));
    },
  };
}
