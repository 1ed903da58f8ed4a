import { z } from "zod";

/** S3's naming rules, checked before the call so a typo gets a plain sentence (S3 answers InvalidBucketName too). */
export const bucketName = z
  .string()
  .trim()
  .min(3, "Bucket names are 3 to 63 characters long.")
  .max(63, "Bucket names are 3 to 63 characters long.")
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "Use lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.");

export const policyDocument = z
  .string()
  .trim()
  .min(1, "Enter a policy document.")
  .max(20_480, "Bucket policies are at most 20 KB.")
  .refine((text) => {
    try {
      return typeof JSON.parse(text) === "object";
    } catch {
      return false;
    }
  }, "The policy is not valid JSON.");
