import { expect, test } from "@playwright/test";

test.describe("sign in with a wallet", () => {
  test("a contributor signs in with the dev wallet, sees their address and DATA balance, and signs out", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Training data you can trust, paid fairly." })).toBeVisible();
    // The newest open campaigns (earlier specs add their own, so which ones depends on the run).
    await expect(page.getByRole("heading", { name: "Open campaigns" })).toBeVisible();
    await expect(page.getByRole("article").first().getByRole("link")).toHaveAttribute("href", /^\/campaigns\/[a-z0-9-]+$/);

    await page.getByRole("button", { name: "Sign in" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign in with your wallet" });
    await dialog.getByRole("button", { name: /Ada \(contributor\)/ }).click();

    await expect(page.getByTestId("session-address")).toHaveText("0x15d3…6A65");
    await expect(page.getByTestId("data-balance")).toHaveText("50 DATA");
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);

    await page.reload();
    await expect(page.getByTestId("session-address")).toHaveText("0x15d3…6A65");

    // Sign-out lives in the menu under the address.
    await page.getByRole("button", { name: /^Account menu/ }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expect(page.getByTestId("session-address")).toHaveCount(0);
  });

  test("without a browser wallet, the injected option explains what to do", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Sign in" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign in with your wallet" });
    await dialog.getByRole("button", { name: /Browser wallet/ }).click();
    await expect(dialog.getByRole("alert")).toHaveText("No browser wallet was found. Install MetaMask, or use a dev wallet on the local chain.");
    await expect(page.getByTestId("session-address")).toHaveCount(0);
  });

  test("an admin grants and revokes the reviewer role on the users page", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("dialog").getByRole("button", { name: /Grace \(admin\)/ }).click();
    await expect(page.getByTestId("session-address")).toHaveText("0xf39F…2266");

    await page.getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    // Other specs add wallets: the admin finds Margaret by name.
    await page.getByRole("searchbox", { name: "Search by address or name" }).fill("Margaret");
    await page.getByRole("searchbox", { name: "Search by address or name" }).press("Enter");
    await expect(page).toHaveURL(/q=Margaret/);
    const row = page.getByTestId("user-row-0x976ea74026e726554db657fa54763abd0c3a0aa9");
    await expect(row).toContainText("Margaret");
    await row.getByRole("button", { name: "Grant reviewer to Margaret" }).click();
    await page.getByRole("dialog", { name: "Grant the reviewer role to Margaret?" }).getByRole("button", { name: "Grant reviewer" }).click();
    await expect(row.getByRole("button", { name: "Revoke reviewer from Margaret" })).toBeVisible();
    await expect(row).toContainText("reviewer");
    await row.getByRole("button", { name: "Revoke reviewer from Margaret" }).click();
    await page.getByRole("dialog", { name: "Revoke the reviewer role from Margaret?" }).getByRole("button", { name: "Revoke reviewer" }).click();
    await expect(row.getByRole("button", { name: "Grant reviewer to Margaret" })).toBeVisible();
  });

  test("a page that does not exist says so", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});
