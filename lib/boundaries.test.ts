import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** The module boundaries docs/architecture.md describes, as `npm run lint` enforces them. */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((message) => message.ruleId?.endsWith("no-restricted-imports")).map((message) => message.message);
}

describe("module boundaries", () => {
  it("refuses the sandbox to console code outside lib/aws, by alias or relative path", async () => {
    expect(await restrictedImports("lib/labs/example.ts", 'import { listActivity } from "@/lib/sandbox/core/activity";\nexport const read = listActivity;\n')).toEqual([
      expect.stringContaining("Only lib/aws and server.ts import the sandbox"),
    ]);
    expect(await restrictedImports("app/api/example/route.ts", 'import { findSession } from "../../../lib/sandbox/sessions";\nexport const find = findSession;\n')).toHaveLength(1);
  });

  it("lets lib/aws, the sandbox's own tests and server.ts reach it", async () => {
    expect(await restrictedImports("lib/aws/example.ts", 'import { listActivity } from "@/lib/sandbox/core/activity";\nexport const read = listActivity;\n')).toEqual([]);
    expect(await restrictedImports("lib/labs/example.test.ts", 'import { startSandboxServer } from "@/lib/sandbox/testing";\nexport const start = startSandboxServer;\n')).toEqual([]);
  });

  it("keeps server modules' values out of browser components, types allowed", async () => {
    expect(await restrictedImports("components/auth/example.tsx", 'import { hashPassword } from "@/lib/auth/passwords";\nexport const hash = hashPassword;\n')).toHaveLength(1);
    expect(await restrictedImports("components/auth/example.tsx", 'import type { User } from "@/lib/auth/users";\nexport type Shown = User;\n')).toEqual([]);
  });

  it("makes sandbox errors only in a service's errors.ts, so the catalogue stays whole", async () => {
    const inline = 'import { AwsError } from "@/lib/sandbox/core/errors";\nexport const refuse = () => new AwsError("InvalidVpcID.NotFound", "The vpc ID \'vpc-1\' does not exist");\n';
    const rules = async (filePath: string) => (await eslint.lintText(inline, { filePath }))[0].messages.map((message) => message.ruleId);
    expect(await rules("lib/sandbox/ec2/model/vpcs.ts")).toContain("no-restricted-syntax");
    expect(await rules("lib/sandbox/ec2/model/errors.ts")).not.toContain("no-restricted-syntax");
    expect(await rules("lib/sandbox/ec2/model/vpcs.test.ts")).not.toContain("no-restricted-syntax");
  });
});
