import { expect, test } from "@playwright/test";
import { ALAN, CLAUDE, personPage, seedAppShell } from "./support/app-shell";

const dataIn = (text: string | null) => Number(/([\d.,]+) DATA/.exec(text ?? "")?.[1]?.replaceAll(",", ""));

test.describe("numbers follow the actions that change them, without a reload", () => {
  test.describe.configure({ timeout: 180_000 });

  test("after a purchase the header balance drops at once, the download panel appears and the transaction has a page", async ({ browser }) => {
    const seeded = seedAppShell(ALAN.address, "3");
    const page = await personPage(browser, CLAUDE);
    await page.goto(`/datasets/${seeded.versionId}`);
    const balance = page.getByTestId("data-balance");
    await expect(balance).toBeVisible();
    const before = dataIn(await balance.textContent());
    expect(before).toBeGreaterThanOrEqual(3);
    await expect(page.getByRole("region", { name: "Download" })).toHaveCount(0);

    await page.getByRole("button", { name: "1. Approve 3 DATA" }).click();
    await expect(page.getByText("Approved. Now press Buy.")).toBeVisible();
    await page.getByRole("button", { name: "2. Buy" }).click();
    await expect(page.getByTestId("purchase-confirmed")).toBeVisible({ timeout: 30_000 });
    // Well inside the old refresh period (10 s): the purchase's own receipt refreshes the balance.
    await expect(balance).toHaveText(`${before - 3} DATA`, { timeout: 1_500 });
    // The buyer can download right away, from the same page.
    const panel = page.getByRole("region", { name: "Download" });
    await expect(panel).toBeVisible({ timeout: 1_500 });
    await expect(panel.getByRole("button", { name: "Download zip" })).toBeEnabled();

    // The purchase's transaction opens the app's transaction page, which says what it bought.
    await page.getByTestId("purchase-confirmed").getByRole("link", { name: /^0x[0-9a-f]{64}$/ }).click();
    await expect(page.getByTestId("tx-status")).toHaveText("Succeeded");
    await expect(page.getByTestId("tx-transfer")).not.toHaveCount(0);
    await expect(page.getByTestId("tx-purchase")).toContainText(`bought for 3 DATA by ${CLAUDE.address}`);
    await page.getByTestId("tx-purchase").getByRole("link").click();
    await expect(page.getByTestId("owned")).toHaveText("You own this version.");
    await page.context().close();
  });

  test("an upload raises the campaign's waiting-for-review count on the same page", async ({ browser }) => {
    const seeded = seedAppShell(ALAN.address);
    const page = await personPage(browser, ALAN);
    await page.goto(`/campaigns/${seeded.campaignSlug}`);
    const waiting = page.getByText("Waiting for review", { exact: true }).locator("xpath=following-sibling::div[1]");
    await expect(waiting).toHaveText("0");
    await page.getByLabel("Or paste text items, one per line").fill(`Fresh numbers ${Date.now()}: the lamp is bright and the switch clicks nicely.`);
    await page.getByRole("button", { name: "Add text items" }).click();
    await page.getByTestId("upload-item").first().getByLabel("Label").selectOption("positive");
    await page.getByRole("button", { name: "Upload 1 item" }).click();
    await expect(page.getByTestId("upload-summary")).toHaveText("1/1 done · 1 queued · 0 refused");
    await expect(waiting).toHaveText("1", { timeout: 5_000 });
    // The upload's result stays listed: the refresh re-rendered the counts, not the uploader.
    await expect(page.getByTestId("upload-item")).toHaveCount(1);
    await page.context().close();
  });
});
