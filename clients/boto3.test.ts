/**
 * boto3 (Debian's python3-boto3) against the sandbox: error shapes, paginators and waiters
 * (clients/boto3/suite.py). The Python suite runs once; each of its tests is reported here by name.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxServer, type SandboxServer } from "@/lib/sandbox/testing";
import { CLIENT_PYTHON, clientEnv, type ClientEnv } from "./testing";

const SUITE = path.join(__dirname, "boto3", "suite.py");

/** "Class.test_name" for each test the suite defines, read from its source so each gets its own `it`. */
function suiteTests(): string[] {
  const names: string[] = [];
  let currentClass = "";
  for (const line of fs.readFileSync(SUITE, "utf8").split("\n")) {
    const classMatch = /^class (\w+)\(AwsCase\):/.exec(line);
    if (classMatch) currentClass = classMatch[1];
    const testMatch = /^ {4}def (test_\w+)\(self\):/.exec(line);
    if (testMatch && currentClass) names.push(`${currentClass}.${testMatch[1]}`);
  }
  return names;
}

interface PythonResult {
  name: string;
  ok: boolean;
  error: string | null;
}

let server: SandboxServer;
let results: Map<string, PythonResult>;
let runOutput = "";

function runSuite(env: ClientEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(CLIENT_PYTHON, [SUITE], { env: env as NodeJS.ProcessEnv, timeout: 5 * 60_000, maxBuffer: 64 * 1024 * 1024 }, (_error, stdout, stderr) => {
      runOutput = `${String(stdout)}\n${String(stderr)}`.trim();
      resolve(String(stdout));
    });
  });
}

beforeAll(async () => {
  server = await startSandboxServer();
  const account = await server.newAccount();
  const stdout = await runSuite(clientEnv(account.credentials, server.endpoint));
  const lines = stdout.split("\n").filter((line) => line.startsWith("{"));
  results = new Map(lines.map((line) => JSON.parse(line) as PythonResult).map((result) => [result.name, result]));
}, 6 * 60_000);
afterAll(async () => {
  await server.close();
});

describe("boto3 against the sandbox", () => {
  it.each(suiteTests())("%s", (name) => {
    const result = results.get(name);
    expect(result, `suite.py did not report ${name}:\n${runOutput.slice(0, 4000)}`).toBeDefined();
    expect(result!.error ?? "").toBe("");
    expect(result!.ok).toBe(true);
  });
});
