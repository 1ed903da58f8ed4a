/** Lab 2's bucket names, without server imports: the Build tab's hint uses them in the browser. */

/** The start of Do it for me's bucket names (and how the lab recognises its bucket). */
export const BUCKET_PREFIX = "vpc-lab-endpoints-";

/**
 * Create bucket's hint: the lab's prefix and the account id, a name another account takes only on
 * purpose (the fixed example it showed, typed as is, was taken by whoever typed it first; S3 names
 * are global, so a student can still squat another's and the owner gets BucketAlreadyExists);
 * "-2" and on when the account already holds it.
 */
export function bucketNameHint(accountId: string, existing: readonly string[]): string {
  const base = `${BUCKET_PREFIX}${accountId}`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!existing.includes(name)) return name;
  }
}
