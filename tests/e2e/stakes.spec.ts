import { expect, test } from "@playwright/test";
import { runSupportScript } from "./support/earn";
import { signInAs } from "./support/sign-in";

// Alan (a demo reviewer, 20 DATA to start; no other spec checks his balance) stakes in a campaign that asks 5 DATA of
// its reviewers: the stake counts only once the escrow indexer read the chain's event.
test.describe("stakes", () => {
  test("a reviewer stakes with a permit and with an approval, is told what is wrong, and asks part back", async ({ page }) => {
    const title = `Staked sentiment ${Date.now()}`;
    const { slug } = runSupportScript("tests/e2e/support/seed-staked-campaign.ts", [title, "5"]) as { slug: string };
    await signInAs(page, "Alan", "0x3C44…93BC");
    // The campaign's queue says what is missing and leads to the Stakes page.
    await page.goto(`/review?campaign=${slug}`);
    await expect(page.getByRole("heading", { name: "A stake is needed" })).toBeVisible();
    await expect(page.getByText(/asks its reviewers to stake 5 DATA in the review escrow; you have 0 DATA staked/)).toBeVisible();
    await page.getByRole("link", { name: "Stake DATA" }).click();
    await expect(page).toHaveURL(/\/stakes$/);
    const panel = page.getByTestId("stake-panel").filter({ has: page.getByRole("heading", { name: title }) });
    await expect(panel.getByTestId("stake-required")).toHaveText("5 DATA");
    await expect(panel.getByTestId("stake-active")).toHaveText("0 DATA (not enough yet)");

    // Bad input: not an amount, then more than the wallet holds (refused before the wallet is asked).
    const amount = panel.getByLabel("Amount (DATA)");
    await amount.fill("ten");
    await expect(panel.getByText("Enter an amount like 10 or 2.5.")).toBeVisible();
    await expect(panel.getByRole("button", { name: "Approve and stake" })).toBeDisabled();
    await amount.fill("500");
    await panel.getByRole("button", { name: "Approve and stake" }).click();
    await expect(panel.getByTestId("stake-error")).toHaveText(/Your wallet holds [\d.,]+ DATA; staking 500 DATA needs more\./);

    // One signature (permit), then an approval and a stake: each counted once the indexer credited it.
    await amount.fill("3");
    await panel.getByRole("button", { name: "Stake with one signature" }).click();
    await expect(panel.getByTestId("stake-done")).toContainText("Staked 3 DATA.", { timeout: 30_000 });
    await expect(panel.getByTestId("stake-active")).toHaveText("3 DATA (not enough yet)");
    await amount.fill("2");
    await panel.getByRole("button", { name: "Approve and stake" }).click();
    await expect(panel.getByTestId("stake-done")).toContainText("Staked 2 DATA.", { timeout: 30_000 });
    await expect(panel.getByTestId("stake-active")).toHaveText("5 DATA (enough to review)");
    await page.goto(`/review?campaign=${slug}`);
    await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "A stake is needed" })).toHaveCount(0);
    await page.goto("/stakes");

    // Asked back: it stops backing reviews at once; withdrawing before the cooldown ends is refused with the date.
    await amount.fill("1");
    await panel.getByRole("button", { name: "Ask back" }).click();
    await expect(panel.getByTestId("stake-done")).toContainText("1 DATA asked back", { timeout: 30_000 });
    await expect(panel.getByTestId("stake-active")).toHaveText("4 DATA (not enough yet)");
    await expect(panel.getByTestId("stake-leaving")).toHaveText(/^1 DATA, unlocks \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await panel.getByRole("button", { name: "Withdraw" }).click();
    await expect(panel.getByTestId("stake-error")).toHaveText(/^Your withdrawal unlocks at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);

    // After a reload the credited stake is what the page shows.
    await page.reload();
    await expect(page.getByTestId("stake-panel").filter({ has: page.getByRole("heading", { name: title }) }).getByTestId("stake-active")).toHaveText("4 DATA (not enough yet)");
  });
});
