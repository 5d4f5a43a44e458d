import { expect, test, type Browser } from "@playwright/test";
import { earnPayout, grantCampaignReviewers, receiptStatus } from "./support/earn";
import { signInAs } from "./support/sign-in";

// Linus, not Ada: the sign-in spec expects Ada's starting balance untouched.
const LINUS = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
// Reviewers of this spec's campaign only (none holds the global role, so the queue serves them nothing else).
const REVIEWERS = [
  { name: "Margaret", short: "0x976E…0aa9", address: "0x976EA74026E726554dB657fA54763abd0C3a0aa9" },
  { name: "Claude", short: "0x14dC…9955", address: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955" },
  { name: "Grace", short: "0xf39F…2266", address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" },
];

const dataIn = (text: string | null) => Number(/([\d.,]+) DATA/.exec(text ?? "")?.[1]?.replaceAll(",", ""));

/** One reviewer, in a browser of their own, accepts the sample the review desk serves them. */
async function reviewAndAccept(browser: Browser, reviewer: (typeof REVIEWERS)[number], text: string, campaignTitle: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, reviewer.name, reviewer.short);
  // The header links the queue for holders of the global role; a campaign's own reviewers open it directly.
  await page.goto("/review");
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await expect(page.getByTestId("review-content")).toContainText(text);
  await expect(page.getByText(campaignTitle)).toBeVisible();
  await expect(page.getByTestId("contributor-labels")).toHaveText("positive");
  await page.getByRole("button", { name: "Accept (A)" }).click();
  await expect(page.getByRole("status")).toHaveText("Accepted. Press U to undo.");
  // Nothing else in this reviewer's queue: the campaign had one sample.
  await expect(page.getByTestId("review-empty")).toBeVisible();
  await context.close();
}

test.describe("token rewards", () => {
  test("a sample accepted by three reviewers pays its contributor: the header balance rises, Earnings shows the transaction", async ({ page, browser }) => {
    test.setTimeout(180_000);
    const stamp = Date.now().toString(36);
    const title = `Payout run ${stamp}`;
    const slug = `payout-run-${stamp}`;

    // The admin, in a browser of their own, creates a campaign paying 3 DATA per accepted sample, reviewed three times.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signInAs(admin, "Grace", "0xf39F…2266");
    await admin.goto("/admin/campaigns/new");
    await admin.getByLabel("Title").fill(title);
    await admin.getByLabel("URL name").fill(slug);
    await admin.getByLabel("Description").fill("Say in one sentence what you think of a product you own.");
    await admin.getByLabel("Labels").fill("positive, negative");
    await admin.getByLabel("Reward per accepted sample (DATA)").fill("3");
    await admin.getByLabel("Budget (DATA)").fill("30");
    await admin.getByLabel("Reviews per sample (k)").fill("3");
    // Without gold answers the consensus is cautious: three agreeing votes of reviewers it knows nothing about give
    // their label about 66% (lib/domain/consensus/calibration.ts), so this campaign accepts at 60%, not the default 90%.
    await admin.getByLabel("Acceptance threshold").fill("0.6");
    await admin.getByLabel("Status").selectOption("OPEN");
    await admin.getByRole("button", { name: "Create campaign" }).click();
    await expect(admin).toHaveURL(new RegExp(`/campaigns/${slug}$`));
    await adminContext.close();
    grantCampaignReviewers(slug, REVIEWERS.map((r) => r.address));

    // Linus contributes one sample through the uploader.
    await signInAs(page, "Linus", "0x9965…A4dc");
    await expect(page.getByTestId("data-balance")).toBeVisible();
    const before = dataIn(await page.getByTestId("data-balance").textContent());
    expect(before).toBeGreaterThanOrEqual(0);
    await page.goto(`/campaigns/${slug}`);
    const text = `The kettle ${stamp} boils in two minutes and switches itself off, exactly what I wanted.`;
    await page.getByLabel("Or paste text items, one per line").fill(text);
    await page.getByRole("button", { name: "Add text items" }).click();
    await page.getByTestId("upload-item").first().getByLabel("Label").selectOption("positive");
    await page.getByRole("button", { name: "Upload 1 item" }).click();
    await expect(page.getByTestId("upload-summary")).toHaveText("1/1 done · 1 queued · 0 refused");

    await page.getByRole("link", { name: "Earnings" }).click();
    await expect(page.getByRole("heading", { name: "No earnings yet" })).toBeVisible();

    // Three reviewers, each signed in with their own wallet, accept it at the review desk.
    for (const reviewer of REVIEWERS) await reviewAndAccept(browser, reviewer, text, title);

    // The header reads the balance from the chain every few seconds: it rises without a reload once the worker paid.
    await expect(page.getByTestId("data-balance")).toHaveText(`${before + 3} DATA`, { timeout: 60_000 });

    await page.reload();
    const row = page.getByTestId("earning-row").first();
    await expect(row).toContainText("Paid");
    await expect(row).toContainText("3 DATA");
    await expect(row).toContainText(`Accepted sample · ${title}`);
    const hash = (await row.getByTestId("earning-tx").textContent())!;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await receiptStatus(hash)).toBe("0x1");
    await expect(page.getByTestId("total-paid")).toContainText("3 DATA");
    await expect(page.getByTestId("live-balance")).toHaveText(`${before + 3} DATA`);

    // A reward earned past the campaign's budget (27 DATA left) waits, clearly marked, instead of being paid.
    expect(earnPayout(LINUS, "28", `e2e-over-budget-${stamp}`, slug).status).toBe("UNFUNDED");
    await page.reload();
    await expect(page.getByTestId("earning-row").first()).toContainText("Unfunded");
    await expect(page.getByTestId("unfunded-notice")).toContainText("28 DATA waits for funding.");
    await expect(page.getByTestId("total-unfunded")).toContainText("28 DATA");
    await expect(page.getByTestId("total-earned")).toContainText("31 DATA");

    // The submission itself says it was accepted.
    await page.getByRole("link", { name: "My submissions" }).click();
    await expect(page.getByTestId("submission-row").filter({ hasText: stamp })).toContainText(/accepted/i);
  });

  test("an admin pauses and resumes the payout worker, and sees the batch history", async ({ page }) => {
    await signInAs(page, "Grace", "0xf39F…2266");
    await page.getByRole("link", { name: "Payouts" }).click();
    await expect(page.getByRole("heading", { name: "Payouts" })).toBeVisible();
    await expect(page.getByTestId("worker-state")).toHaveText("Running");

    await page.getByRole("button", { name: "Pause worker" }).click();
    // Pausing stops every payment: it asks first.
    await page.getByRole("dialog", { name: "Pause the payout worker?" }).getByRole("button", { name: "Pause worker" }).click();
    await expect(page.getByTestId("worker-state")).toHaveText("Paused");
    await expect(page.getByRole("status")).toHaveText("Worker paused.");
    const batchesBefore = await page.getByTestId("batch-row").count();

    // Earned while paused: it is paid only after the resume.
    earnPayout(LINUS, "1", `e2e-sample-paused-${Date.now()}`);
    await page.getByRole("button", { name: "Resume worker" }).click();
    await expect(page.getByTestId("worker-state")).toHaveText("Running");
    await expect(page.getByRole("status")).toHaveText("Worker resumed.");

    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("batch-row")).toHaveCount(batchesBefore + 1, { timeout: 1_000 });
      await expect(page.getByTestId("batch-row").first()).toContainText("confirmed", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    const newest = page.getByTestId("batch-row").first();
    await expect(newest).toContainText("1 / 1");
    await expect(newest).toContainText(/0x[0-9a-f]{64}/);
    await newest.getByText(/History \(5 events\)/).click();
    await expect(newest.getByRole("listitem")).toHaveText([/recorded: Recorded 1 row as 1 transfer/, /recorded → signed/, /signed → sent/, /sent → mined/, /mined → confirmed/]);
  });
});
