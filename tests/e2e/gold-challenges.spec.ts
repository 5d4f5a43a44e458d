import { expect, test, type Page } from "@playwright/test";
import { runSupportScript } from "./support/earn";
import { signInAs } from "./support/sign-in";

// Barbara (she ends with the 20 DATA in her wallet that market.spec.ts counts on; no other spec looks at her stakes
// page's gold answers) challenges a gold answer that wrongly rejects a fine sports report of a staked news campaign
// (tests/e2e/support/seed-gold-challenge.ts). The panel's votes go through the real review services
// (appeal-story-votes.ts: its panelists claim the item from the queue as an ordinary one); the bond, the panel's
// seating and the bond's settlement go through the wallet, the stack's indexer and its payout worker.
const dataIn = (text: string | null) => Number(/([\d.,]+) DATA/.exec(text ?? "")?.[1]?.replaceAll(",", ""));

async function balance(page: Page): Promise<number> {
  await expect(page.getByTestId("data-balance")).toBeVisible();
  return dataIn(await page.getByTestId("data-balance").textContent());
}

test.describe("gold challenges", () => {
  test("a staked reviewer challenges a wrong gold answer from their stakes page; the blind panel corrects it and the bond comes back", async ({ page, browser }) => {
    test.setTimeout(300_000);
    const world = runSupportScript("tests/e2e/support/seed-gold-challenge.ts", []) as { slug: string; campaignId: string; goldSampleId: string; preview: string };

    await signInAs(page, "Barbara", "0x90F7…b906");
    await page.goto("/stakes");
    const answer = page.getByTestId("gold-answer").filter({ hasText: world.preview });
    await expect(answer).toContainText("yours: accept as 'sports'");
    await expect(answer).toContainText("gold: reject");
    const start = await balance(page);
    await answer.getByRole("button", { name: "Challenge this answer" }).click();
    const panel = answer.getByTestId("gold-challenge-panel");
    await expect(panel.getByTestId("appeal-bond")).toHaveText("2 DATA");
    await expect(panel).toContainText("the gold answer is corrected");
    await panel.getByRole("button", { name: "Approve and challenge" }).click();
    // Open only once the stack's indexer credited the bond: the page then lists the challenge before its panel.
    const open = answer.getByRole("link", { name: "before a panel" });
    await expect(open).toBeVisible({ timeout: 60_000 });
    await expect(answer.getByRole("button", { name: "Challenge this answer" })).toHaveCount(0);
    await expect(page.getByTestId("data-balance")).toHaveText(`${start - 2} DATA`, { timeout: 30_000 });
    await open.click();
    await expect(page.getByRole("heading", { name: "Gold challenge" })).toBeVisible();
    await expect(page.getByTestId("appeal-state")).toHaveText("before a panel");
    await expect(page.getByTestId("appeal-timeline")).toContainText("A gold answer challenged by a staked reviewer who answered it");

    // The panel sits; its three votes accept the report as sports.
    expect((runSupportScript("tests/e2e/support/appeal-story-votes.ts", [world.campaignId, world.goldSampleId, "panel", "accept"]) as { votes: number }).votes).toBe(3);
    await page.reload();
    await expect(page.getByTestId("appeal-state")).toHaveText("overturned");
    await expect(page.getByTestId("appeal-outcome")).toHaveText(/^The panel of 3 decided 'sports' at \d+% \(threshold 80%\): the gold answer 'unacceptable' is corrected to 'sports'\.$/);
    await expect(page.getByTestId("gold-correction")).toHaveText("Gold answer corrected: reject → accept as 'sports'.");
    await expect(page.getByTestId("appeal-votes").getByRole("row")).toHaveCount(4);
    // The worker settles the bond back to the challenger.
    await expect(page.getByTestId("data-balance")).toHaveText(`${start} DATA`, { timeout: 90_000 });
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("appeal-transfers").getByRole("link")).toHaveCount(2, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId("appeal-transfers")).toContainText("Bond paid out (to: appellant): 2 DATA");

    // Her answer now counts right, and her stakes page says how the challenge went.
    await page.goto("/stakes");
    const after = page.getByTestId("gold-answer").filter({ hasText: world.preview });
    await expect(after).toContainText("gold: accept as 'sports' (now counted right)");
    await expect(after.getByRole("link", { name: "won: the answer was corrected" })).toBeVisible();
    await expect(after.getByRole("button", { name: "Challenge this answer" })).toHaveCount(0);

    // The admin's gold page shows the corrected answer and the challenge behind it.
    const admin = await (await browser.newContext()).newPage();
    await signInAs(admin, "Grace", "0xf39F…2266");
    await admin.goto(`/admin/campaigns/${world.campaignId}/gold`);
    const row = admin.getByTestId("gold-row").filter({ hasText: world.preview.slice(0, 60) });
    await expect(row).toContainText("accept · sports");
    await expect(row.getByTestId("gold-corrected")).toContainText("from reject by a gold challenge");
  });
});
