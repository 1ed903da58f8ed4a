/** The account alias through the real @aws-sdk/client-iam and the AWS CLI v2 (what the console's sign-in URL and Terraform's aws_iam_account_alias read). */
import { describe, expect, it } from "vitest";
import { CreateAccountAliasCommand, DeleteAccountAliasCommand, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { iamClient, sdkError } from "@/lib/sandbox/s3/testing";
import { cliEnv, runAwsCli } from "@/lib/sandbox/testing";
import { sandboxForFile } from "@/lib/sandbox/testing-hooks";

const server = sandboxForFile();

describe("account aliases", () => {
  it("lists none, then the one alias, which a second one replaces, until it is deleted", async () => {
    const account = await server.newAccount();
    const iam = iamClient(server.endpoint, account.credentials);
    const listed = async () => {
      const { AccountAliases, IsTruncated } = await iam.send(new ListAccountAliasesCommand({}));
      expect(IsTruncated).toBe(false);
      return AccountAliases;
    };
    expect(await listed()).toEqual([]);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: "vpc-lab-class-1" }));
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: "vpc-lab-class-1" }));
    expect(await listed()).toEqual(["vpc-lab-class-1"]);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: "vpc-lab-class-2" }));
    expect(await listed()).toEqual(["vpc-lab-class-2"]);

    const missing = await sdkError(iam.send(new DeleteAccountAliasCommand({ AccountAlias: "vpc-lab-class-1" })));
    expect(missing).toMatchObject({ name: "NoSuchEntityException", message: "The account alias vpc-lab-class-1 cannot be found.", status: 404 });
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: "vpc-lab-class-2" }));
    expect(await listed()).toEqual([]);

    const other = await server.newAccount();
    expect((await iamClient(server.endpoint, other.credentials).send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });

  it("refuses an alias outside IAM's pattern with IAM's ValidationError", async () => {
    const account = await server.newAccount();
    const iam = iamClient(server.endpoint, account.credentials);
    const refused = await sdkError(iam.send(new CreateAccountAliasCommand({ AccountAlias: "Bad--Alias" })));
    expect(refused).toMatchObject({
      name: "ValidationError",
      message: "1 validation error detected: Value 'Bad--Alias' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$",
      status: 400,
    });
  });

  it("answers the AWS CLI", async () => {
    const account = await server.newAccount();
    const env = cliEnv(account, server.endpoint);
    expect((await runAwsCli(["iam", "create-account-alias", "--account-alias", "my-lab"], env)).code).toBe(0);
    const listed = await runAwsCli(["iam", "list-account-aliases", "--output", "json"], env);
    expect(JSON.parse(listed.stdout)).toEqual({ AccountAliases: ["my-lab"] });
    const missing = await runAwsCli(["iam", "delete-account-alias", "--account-alias", "other"], env);
    expect(missing.stderr.trim()).toBe("An error occurred (NoSuchEntity) when calling the DeleteAccountAlias operation: The account alias other cannot be found.");
  }, 120_000);
});
