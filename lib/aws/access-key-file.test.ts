import { describe, expect, it } from "vitest";
import { accessKeyCsv, accessKeyCsvName } from "./access-key-file";

describe("the downloaded access key file", () => {
  it("is the IAM console's two-column CSV, named after the user", () => {
    const csv = accessKeyCsv({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY" });
    expect(csv.split("\r\n")).toEqual(["Access key ID,Secret access key", "AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", ""]);
    expect(accessKeyCsvName("lab-user")).toBe("lab-user_accessKeys.csv");
  });
});
