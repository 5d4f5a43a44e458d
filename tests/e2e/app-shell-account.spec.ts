import { expect, test } from "@playwright/test";
import { ALAN, personPage, seedAppShell } from "./support/app-shell";
import { signInAs } from "./support/sign-in";

// Rosalind only signs in here: no spec checks her balance or lists.
const ROSALIND = { name: "Rosalind", short: "0x7099…79C8", address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" };

test.describe("the account menu", () => {
  test("the menu under the address leads to the profile, earnings, purchases, API keys and sign-out, by keyboard and by mouse", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signInAs(page, ROSALIND.name, ROSALIND.short);
    const trigger = page.getByRole("button", { name: /^Account menu/ });
    const menu = page.getByRole("menu", { name: "Your account" });
    await expect(trigger).toHaveAttribute("aria-expanded", "false");

    // Keyboard: arrows move, Home/End jump, Escape closes and gives the focus back.
    await trigger.focus();
    await page.keyboard.press("ArrowDown");
    await expect(menu).toBeVisible();
    await expect(trigger).toHaveAttribute("aria-expanded", "true");
    await expect(menu.getByRole("menuitem", { name: "Profile and reputation" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: "Earnings" })).toBeFocused();
    await page.keyboard.press("End");
    await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: "Profile and reputation" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);
    await expect(trigger).toBeFocused();

    // Enter opens it on the first item; three steps down is API keys.
    await page.keyboard.press("Enter");
    await expect(menu.getByRole("menuitem", { name: "Profile and reputation" })).toBeFocused();
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    await expect(menu.getByRole("menuitem", { name: "API keys" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/settings\/api-keys$/);
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    await expect(menu).toHaveCount(0);

    // A new key has a copy button that really puts it on the clipboard.
    await page.getByLabel("Key name").fill("menu test");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.getByTestId("new-api-key").textContent();
    expect(key).toMatch(/^tsk_[\w-]{40,}$/);
    await page.getByRole("button", { name: "Copy key" }).click();
    await expect(page.getByText("Copied.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    // Mouse: each entry leads where it says; a click elsewhere closes the menu.
    for (const [item, url, heading] of [
      ["Earnings", /\/earnings$/, "Earnings"],
      ["Purchases", /\/purchases$/, "Purchases"],
      ["Profile and reputation", new RegExp(`/users/${ROSALIND.address.toLowerCase()}$`), null],
    ] as const) {
      await trigger.click();
      await menu.getByRole("menuitem", { name: item }).click();
      await expect(page).toHaveURL(url);
      if (heading) await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      await expect(menu).toHaveCount(0);
    }
    await trigger.click();
    await expect(menu).toBeVisible();
    await page.locator("main").click({ position: { x: 5, y: 5 } });
    await expect(menu).toHaveCount(0);

    await trigger.click();
    await menu.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expect(page.getByTestId("session-address")).toHaveCount(0);
  });
});

test.describe("where money came from", () => {
  test.describe.configure({ timeout: 180_000 });

  test("an earnings row names the sample that paid it and links its transaction to the app's transaction page; a rejected sample says so honestly", async ({ browser }) => {
    const seeded = seedAppShell(ALAN.address);
    const page = await personPage(browser, ALAN);
    await page.goto("/earnings");
    const row = page.getByTestId("earning-row").filter({ has: page.getByRole("link", { name: `sample ${seeded.acceptedId}` }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Accepted sample");
    // The running payout worker pays it within a batch's wait; the page follows the chain without a reload.
    await expect(row).toContainText("Paid", { timeout: 90_000 });
    const txLink = row.getByTestId("earning-tx");
    const hash = (await txLink.textContent())!;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    await txLink.click();

    await expect(page).toHaveURL(new RegExp(`/tx/${hash}$`));
    await expect(page.getByRole("heading", { name: "Transaction", level: 1 })).toBeVisible();
    await expect(page.getByTestId("tx-hash")).toHaveText(hash);
    await expect(page.getByTestId("tx-status")).toHaveText("Succeeded");
    await expect(page.getByTestId("tx-block")).toHaveText(/^\d+ · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expect(page.getByTestId("tx-to")).toContainText("RewardDistributor");
    await expect(page.getByTestId("tx-transfer").filter({ hasText: ALAN.address })).toContainText("DATA");
    const paid = page.getByTestId("tx-payout").filter({ hasText: seeded.acceptedId });
    await expect(paid).toContainText("Accepted sample");
    await expect(paid).toContainText("1 DATA");
    await paid.getByRole("link", { name: `sample ${seeded.acceptedId}` }).click();
    await expect(page).toHaveURL(new RegExp(`/samples/${seeded.acceptedId}$`));
    await expect(page.getByTestId("sample-status")).toHaveText("accepted");

    // The rejected sample: no "positive 0%".
    await page.goto("/submissions");
    const rejected = page.getByTestId("submission-row").filter({ hasText: `Rejected for the app shell ${seeded.campaignSlug}` });
    await expect(rejected.getByTestId("submission-consensus")).toHaveText("unacceptable");
    await expect(rejected).not.toContainText("0%");
    await page.goto(`/samples/${seeded.rejectedId}`);
    await expect(page.getByTestId("rejected-consensus")).toContainText("Rejected: the consensus judged it unacceptable");
    await expect(page.getByText(/is right\): 0\.1%/)).toHaveCount(0);

    // An unknown hash is a 404, a malformed one too.
    expect((await page.goto(`/tx/0x${"ab".repeat(32)}`))?.status()).toBe(404);
    expect((await page.goto("/tx/not-a-hash"))?.status()).toBe(404);
    await page.context().close();
  });
});
