import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { newAccount, signUp } from "./fixtures";

function ec2With(accessKeyId: string, secretAccessKey: string) {
  return new EC2Client({ region: "us-east-1", endpoint: `${baseURL}/aws`, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

test("a student sees their sandbox keys, uses them, and rotates them", async ({ page }) => {
  await signUp(page, newAccount("Keys"));
  await page.getByRole("link", { name: "Access keys" }).click();
  await expect(page.getByRole("heading", { name: "Access keys" })).toBeVisible();

  const accountId = (await page.getByTestId("account-id").textContent())!.trim();
  const accessKeyId = (await page.getByTestId("access-key-id").textContent())!.trim();
  expect(accountId).toMatch(/^\d{12}$/);
  expect(accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
  await expect(page.getByTestId("secret-access-key")).toHaveText(/^•+$/);
  await page.getByRole("button", { name: "Show" }).click();
  const secret = (await page.getByTestId("secret-access-key").textContent())!.trim();
  expect(secret).toHaveLength(40);
  await expect(page.getByText(`export AWS_ACCESS_KEY_ID=${accessKeyId}`)).toBeVisible();
  await expect(page.getByText(`export AWS_ENDPOINT_URL=${baseURL}/aws`)).toBeVisible();

  const described = await ec2With(accessKeyId, secret).send(new DescribeVpcsCommand({}));
  expect(described.Vpcs?.map((vpc) => vpc.CidrBlock)).toContain("172.31.0.0/16");

  await page.getByRole("button", { name: "Rotate keys" }).click();
  await page.getByRole("button", { name: "Rotate now" }).click();
  await expect(page.getByText("New keys are active.")).toBeVisible();
  await expect(page.getByTestId("access-key-id")).not.toHaveText(accessKeyId);
  await expect(page.getByTestId("account-id")).toHaveText(accountId);

  const refused = await ec2With(accessKeyId, secret)
    .send(new DescribeVpcsCommand({}))
    .catch((error: Error) => error);
  expect((refused as Error).name).toBe("AuthFailure");
});
