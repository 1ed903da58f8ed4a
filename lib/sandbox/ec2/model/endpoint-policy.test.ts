import { describe, expect, it } from "vitest";
import { validateEndpointPolicy } from "./endpoint-policy";

describe("endpoint policy validation", () => {
  it("reports where JSON goes wrong, as the (line,column) AWS reports", () => {
    expect(() => validateEndpointPolicy('{\n  "Statement": [\n    }')).toThrow("The Policy Document is not valid. Syntax error at position (3,5)");
  });

  it("accepts the lab's policies and refuses wrong statements", () => {
    const allow = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });
    expect(validateEndpointPolicy(allow)).toBe(allow);
    expect(() => validateEndpointPolicy('{"Statement": {"Effect": "Allow", "Action": "*", "Colour": "red"}}')).toThrow("Unsupported field Colour in Statement");
    expect(() => validateEndpointPolicy('{"Statement": [{"Effect": "Allow", "Resource": "*"}]}')).toThrow("Missing required field Action");
    expect(() => validateEndpointPolicy('{"Version": "2020-01-01", "Statement": []}')).toThrow("Invalid Version 2020-01-01");
    expect(() => validateEndpointPolicy("[]")).toThrow("The policy must be a JSON object");
  });
});
