import { expect, type Page } from "@playwright/test";

/** Signs in through the real UI with one of the demo cast's dev wallets. */
export async function signInAs(page: Page, person: string, shortAddress: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("dialog", { name: "Sign in with your wallet" }).getByRole("button", { name: new RegExp(`^${person} \\(`) }).click();
  await expect(page.getByTestId("session-address")).toHaveText(shortAddress);
}
