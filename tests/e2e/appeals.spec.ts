import { expect, test, type Page } from "@playwright/test";
import { runSupportScript } from "./support/earn";
import { signInAs } from "./support/sign-in";

// Rosalind (no other spec checks her balance, earnings or lists) appeals two samples of a staked news campaign whose
// reviewers are fresh wallets of this spec's own (tests/e2e/support/seed-appeal-story.ts).
// The reviewers' votes go through the real review services (appeal-story-votes.ts); the bond, the panel's seating,
// the payouts and the bond's settlement go through the wallet, the stack's indexer and its payout worker.
const dataIn = (text: string | null) => Number(/([\d.,]+) DATA/.exec(text ?? "")?.[1]?.replaceAll(",", ""));
const votes = (campaignId: string, sampleId: string, who: "first" | "panel", verdict: "accept" | "reject") =>
  runSupportScript("tests/e2e/support/appeal-story-votes.ts", [campaignId, sampleId, who, verdict]) as { votes: number };

async function balance(page: Page): Promise<number> {
  await expect(page.getByTestId("data-balance")).toBeVisible();
  return dataIn(await page.getByTestId("data-balance").textContent());
}

test.describe("appeals", () => {
  test("a good sample rejected by three staked reviewers is appealed and overturned by a panel: the reward and the bond come back; a bad one's appeal loses the bond to the panel", async ({ page }) => {
    test.setTimeout(300_000);
    const world = runSupportScript("tests/e2e/support/seed-appeal-story.ts", []) as { slug: string; campaignId: string; good: string; bad: string };
    expect(votes(world.campaignId, world.good, "first", "reject").votes).toBe(3);

    await signInAs(page, "Rosalind", "0x7099…79C8");
    await page.goto(`/samples/${world.good}`);
    await expect(page.getByTestId("sample-status")).toHaveText("rejected");
    const panel = page.getByTestId("appeal-panel");
    await expect(panel.getByTestId("appeal-bond")).toHaveText("2 DATA");
    const start = await balance(page);
    await expect(panel).toContainText("you get the reward (2 DATA) and the whole bond back");
    await panel.getByRole("button", { name: "Approve and appeal" }).click();
    // Once the indexer credited the bond the page follows the appeal: before a panel, the sample back in review.
    await expect(page.getByTestId("sample-appeal")).toContainText("You appealed this decision (before a panel).", { timeout: 60_000 });
    await expect(page.getByTestId("appeal-panel")).toHaveCount(0);
    // The bond left the wallet.
    const afterBond = start - 2;
    await expect(page.getByTestId("data-balance")).toHaveText(`${afterBond} DATA`, { timeout: 30_000 });

    // The panel sits; its three votes accept the sample.
    expect(votes(world.campaignId, world.good, "panel", "accept").votes).toBe(3);
    await page.reload();
    await expect(page.getByTestId("sample-status")).toHaveText("accepted");
    await expect(page.getByTestId("decision-explanation")).toHaveText(/^The panel of 3 accepted the sample as 'sports'/);
    // The worker pays the reward and settles the bond back: the header balance rises by both.
    await expect(page.getByTestId("data-balance")).toHaveText(`${afterBond + 4} DATA`, { timeout: 90_000 });

    await page.getByTestId("sample-appeal").getByRole("link", { name: "The appeal" }).click();
    await expect(page.getByTestId("appeal-state")).toHaveText("overturned");
    await expect(page.getByTestId("appeal-outcome")).toHaveText(/^The panel of 3 accepted the sample as 'sports'/);
    await expect(page.getByTestId("appeal-votes").getByRole("row")).toHaveCount(4);
    const transfers = page.getByTestId("appeal-transfers");
    // Bond posted, bond paid back, reward: each with its transaction once the worker recorded it.
    await expect(async () => {
      await page.reload();
      await expect(transfers.getByRole("link")).toHaveCount(3, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(transfers).toContainText("Bond paid out (to: appellant): 2 DATA");
    await transfers.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/tx\/0x[0-9a-f]{64}$/);

    // The bad sample: appealed with one signature; the panel rejects it, so the bond goes to the panel and the treasury.
    expect(votes(world.campaignId, world.bad, "first", "reject").votes).toBe(3);
    await page.goto(`/samples/${world.bad}`);
    const before = await balance(page);
    await page.getByTestId("appeal-panel").getByRole("button", { name: "Appeal with one signature" }).click();
    await expect(page.getByTestId("sample-appeal")).toContainText("You appealed this decision (before a panel).", { timeout: 60_000 });
    await expect(page.getByTestId("data-balance")).toHaveText(`${before - 2} DATA`, { timeout: 30_000 });
    expect(votes(world.campaignId, world.bad, "panel", "reject").votes).toBe(3);
    await page.reload();
    await expect(page.getByTestId("sample-status")).toHaveText("rejected");
    await page.getByTestId("sample-appeal").getByRole("link", { name: "The appeal" }).click();
    await expect(page.getByTestId("appeal-state")).toHaveText("upheld");
    await expect(page.getByTestId("appeal-transfers")).toContainText("Bond paid out (to: panelist, treasury): 2 DATA");
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("appeal-transfers").getByRole("link")).toHaveCount(2, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId("data-balance")).toHaveText(`${before - 2} DATA`);

    // The campaign's page counts both.
    await page.goto(`/campaigns/${world.slug}`);
    await expect(page.getByTestId("campaign-appeals")).toContainText("0 before a panel, 1 overturned, 1 upheld");
  });
});
