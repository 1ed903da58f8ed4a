import { describe, expect, it } from "vitest";
import { bucketNameHint } from "./bucket-name";

describe("bucketNameHint: Create bucket's hint", () => {
  it("is the lab's prefix and the account id, which another account takes only on purpose", () => {
    expect(bucketNameHint("401727786272", [])).toBe("vpc-lab-endpoints-401727786272");
    expect(bucketNameHint("401727786272", ["other-bucket"])).toBe("vpc-lab-endpoints-401727786272");
  });

  it("moves on when the account already holds that name", () => {
    expect(bucketNameHint("401727786272", ["vpc-lab-endpoints-401727786272"])).toBe("vpc-lab-endpoints-401727786272-2");
    expect(bucketNameHint("401727786272", ["vpc-lab-endpoints-401727786272", "vpc-lab-endpoints-401727786272-2"])).toBe("vpc-lab-endpoints-401727786272-3");
  });
});
