import { describe, expect, it } from "vitest";
import { signInSchema, signUpSchema } from "./forms";
import { MAX_PASSWORD_LENGTH } from "./password-rules";

const email = "ana@example.com";

describe("password length", () => {
  it("refuses an over-long password at sign-in before it reaches the hashing", () => {
    const parsed = signInSchema.safeParse({ email, password: "x".repeat(1_000_000) });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["password"], message: "VPC Lab passwords are at most 200 characters: check what you pasted." });
  });

  it("accepts at sign-in every password sign-up accepts", () => {
    const longest = "x".repeat(MAX_PASSWORD_LENGTH);
    expect(signUpSchema.safeParse({ name: "Ana", email, password: longest }).success).toBe(true);
    expect(signInSchema.safeParse({ email, password: longest }).success).toBe(true);
    expect(signUpSchema.safeParse({ name: "Ana", email, password: `${longest}x` }).success).toBe(false);
  });
});
