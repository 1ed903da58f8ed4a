import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { newAccount, roleShown, signUp } from "./fixtures";

/** Runs first, on the fresh database: the first account is the instructor. Later specs sign in as it. */
test("the first account on a fresh database is an instructor", async ({ page }) => {
  const instructor = newAccount("Instructor");
  await signUp(page, instructor);
  expect(await roleShown(page)).toBe("instructor");
  await expect(page.getByRole("link", { name: "People" })).toBeVisible();
  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync("test-results/instructor.json", JSON.stringify(instructor));
});
