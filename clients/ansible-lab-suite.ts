/**
 * One lab as code with Debian's Ansible and its unmodified amazon.aws / community.aws modules
 * (clients/ansible/*.yml) against the sandbox, in an account of its own: the first run builds, the
 * second changes nothing, the teardown leaves the account as new. Each lab has a test file of its
 * own (ansible-lab1/-lab2.test.ts), so the suite's two workers share the two slowest runs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type EC2Client } from "@aws-sdk/client-ec2";
import { type S3Client } from "@aws-sdk/client-s3";
import { ec2ClientFor } from "@/lib/sandbox/ec2/testing";
import { s3Client } from "@/lib/sandbox/s3/testing";
import { type TestAccount } from "@/lib/sandbox/testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";
import { accountLeftovers, runPlaybook, runReport, type PlaybookRun } from "./testing";

// Ansible starts a Python process per task; a lab's playbook is a few dozen of them.
const PLAYBOOK_TIMEOUT = 15 * 60_000;

export interface Lab {
  account: TestAccount;
  ec2: EC2Client;
  s3: S3Client;
}

export interface AnsibleLab {
  name: string;
  playbook: string;
  teardown: string;
  expectBuilt: (lab: Lab) => Promise<void>;
}

function expectSuccess(run: PlaybookRun): void {
  expect(run.failures, runReport(run)).toEqual([]);
  expect(run.code, runReport(run)).toBe(0);
}

/** Registers the file's sandbox and the lab's three tests: build, run again, tear down. */
export function describeAnsibleLab({ name, playbook, teardown, expectBuilt }: AnsibleLab): void {
  const server = sandboxForFile();
  describe(`${name} with Ansible (amazon.aws, community.aws)`, () => {
    let lab: Lab;
    beforeAll(async () => {
      const account = await server.newAccount();
      lab = { account, ec2: ec2ClientFor(server, account), s3: s3Client(server.endpoint, account.credentials) };
    });

    it("builds the lab on the first run", { timeout: PLAYBOOK_TIMEOUT }, async () => {
      const run = await runPlaybook(playbook, lab.account.credentials, server.endpoint);
      expectSuccess(run);
      expect(run.stats.changed).toBeGreaterThan(0);
      await expectBuilt(lab);
    });

    it("changes nothing on the second run", { timeout: PLAYBOOK_TIMEOUT }, async () => {
      const run = await runPlaybook(playbook, lab.account.credentials, server.endpoint);
      expectSuccess(run);
      expect(run.changedTasks).toEqual([]);
      await expectBuilt(lab);
    });

    it("tears down to an account with nothing left, and a second teardown has nothing to do", { timeout: 2 * PLAYBOOK_TIMEOUT }, async () => {
      expectSuccess(await runPlaybook(teardown, lab.account.credentials, server.endpoint));
      expect(await accountLeftovers(lab.ec2, lab.s3)).toEqual([]);
      const again = await runPlaybook(teardown, lab.account.credentials, server.endpoint);
      expectSuccess(again);
      expect(again.changedTasks).toEqual([]);
    });
  });
}
