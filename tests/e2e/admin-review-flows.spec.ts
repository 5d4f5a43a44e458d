import { expect, test, type Browser, type Page } from "@playwright/test";
import { grantCampaignReviewers, runSupportScript } from "./support/earn";
import { signInAs } from "./support/sign-in";

// Issue 17, items 8, 9 and 12: the review page's campaign picker, "N left" counts and quiz offers; confirmation of
// irreversible admin actions; the treasury page and funding a campaign's budget from the admin's wallet.
// Linus reviews here (no spec opens an unscoped queue as him); Barbara's samples fill this spec's own campaigns.
const GRACE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const LINUS = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const MINTED = "10";

type Seeded = { a: { id: string; slug: string; title: string }; b: { id: string; slug: string; title: string } };
let seed: Seeded;

async function personPage(browser: Browser, person: string, shortAddress: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, person, shortAddress);
  return page;
}

const dataIn = (text: string | null) => Number(/([\d.,]+) DATA/.exec(text ?? "")?.[1]?.replaceAll(",", ""));

test.beforeAll(() => {
  seed = runSupportScript("tests/e2e/support/admin-review-seed.ts", [Date.now().toString(36), GRACE, MINTED]) as Seeded;
});

test("the review page offers only quizzes that can be sat, counts what is left, and keeps the chosen campaign in the URL", async ({ browser }) => {
  test.setTimeout(180_000);
  const linus = await personPage(browser, "Linus", "0x9965…A4dc");

  // Not a reviewer: a quiz link only where the campaign has gold enough; the other says why there is none.
  await linus.goto("/review");
  await expect(linus.getByRole("heading", { name: "Not a reviewer yet" })).toBeVisible();
  const offerA = linus.getByTestId("quiz-offer").filter({ hasText: seed.a.title });
  const offerB = linus.getByTestId("quiz-offer").filter({ hasText: seed.b.title });
  await expect(offerB).toContainText("No quiz yet: it needs 2 samples with known answers and has 0 you could be asked.");
  await expect(offerB.getByRole("link")).toHaveCount(0);

  // The offered quiz can be sat: one known-good item, accepted with the keyboard.
  await offerA.getByRole("link", { name: `Take the quiz of ${seed.a.title}` }).click();
  await expect(linus.getByRole("heading", { name: `Reviewer quiz: ${seed.a.title}` })).toBeVisible();
  await expect(linus.getByTestId("quiz-desk")).toHaveAttribute("data-keyboard", "on");
  await linus.keyboard.press("a");
  await expect(linus.getByTestId("quiz-result")).toContainText("Passed: you are now a reviewer of this campaign");

  // An admin makes him a reviewer of the campaign without a quiz too. All his campaigns: 3 + 2 samples left.
  grantCampaignReviewers(seed.b.slug, [LINUS]);
  await linus.goto("/review");
  const picker = linus.getByLabel("Campaign");
  await expect(picker.locator("option", { hasText: "All my campaigns (5 left)" })).toHaveCount(1);
  await expect(picker.locator("option", { hasText: `${seed.a.title} (3 left)` })).toHaveCount(1);
  await expect(picker.locator("option", { hasText: `${seed.b.title} (2 left)` })).toHaveCount(1);
  await expect(linus.getByTestId("review-left")).toHaveText("5 left in your campaigns");

  // Pick one campaign: the URL keeps it, the count is that campaign's.
  await picker.selectOption({ label: `${seed.b.title} (2 left)` });
  await expect(linus).toHaveURL(new RegExp(`/review\\?campaign=${seed.b.slug}$`));
  await expect(linus.getByTestId("review-left")).toHaveText(`2 left in ${seed.b.title}`);
  await expect(linus.getByTestId("review-content")).toContainText("Queue B sample");
  await linus.screenshot({ path: test.info().outputPath("review-page.png"), fullPage: true });
  await expect(linus.getByTestId("review-desk")).toHaveAttribute("data-keyboard", "on");

  // The keys are on screen, and they work: 1 picks a label, A accepts, U undoes, S skips.
  const legend = linus.getByLabel("Keyboard shortcuts");
  for (const hint of ["accept", "reject", "pick the label you see", "skip", "undo your last verdict"]) await expect(legend).toContainText(hint);
  const first = await linus.getByTestId("review-content").getAttribute("data-task-id");
  await linus.keyboard.press("1");
  await expect(linus.getByTestId("chosen-label")).toHaveText("Your label: positive");
  await linus.keyboard.press("a");
  await expect(linus.getByRole("status").filter({ hasText: "Accepted. Press U to undo." })).toBeVisible();
  await expect(linus.getByTestId("review-left")).toHaveText(`1 left in ${seed.b.title}`);
  await linus.keyboard.press("u");
  await expect(linus.getByRole("status").filter({ hasText: "Verdict undone." })).toBeVisible();
  await expect(linus.locator(`[data-testid="review-content"][data-task-id="${first}"]`)).toHaveCount(1);
  await expect(linus.getByTestId("review-left")).toHaveText(`2 left in ${seed.b.title}`);
  await linus.keyboard.press("s");
  await expect(linus.getByTestId("review-left")).toHaveText(`1 left in ${seed.b.title}`);
  // Keys pressed while the next sample loads are ignored: wait for it.
  await expect(linus.locator(`[data-testid="review-content"][data-task-id="${first}"]`)).toHaveCount(0);
  await expect(linus.getByTestId("review-desk")).toHaveAttribute("aria-busy", "false");
  await linus.keyboard.press("a");
  await expect(linus.getByTestId("review-left")).toHaveText(`0 left in ${seed.b.title}`);
  await expect(linus.getByTestId("review-empty")).toBeVisible();

  // A reload keeps the campaign; the picker now counts 3 in A and none in B.
  await linus.reload();
  await expect(linus.getByLabel("Campaign")).toHaveValue(seed.b.slug);
  await expect(linus.getByLabel("Campaign").locator("option", { hasText: `${seed.b.title} (0 left)` })).toHaveCount(1);
  await expect(linus.getByLabel("Campaign").locator("option", { hasText: "All my campaigns (3 left)" })).toHaveCount(1);
  await linus.context().close();
});

test("irreversible admin actions ask first, say what will happen, and Cancel or Escape leave everything as it was", async ({ browser }) => {
  const grace = await personPage(browser, "Grace", "0xf39F…2266");
  await grace.goto("/admin/users");
  const row = grace.getByTestId(`user-row-${LINUS.toLowerCase()}`);
  await expect(row).toContainText("Linus");

  // Escape cancels.
  await row.getByRole("button", { name: "Grant reviewer to Linus" }).click();
  const dialog = grace.getByRole("dialog", { name: "Grant the reviewer role to Linus?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("is served samples of every open campaign at once, without a qualification quiz");
  // Cancel has the focus: Enter or a double click cannot confirm by accident.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await grace.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Enter on the focused Cancel cancels too.
  await row.getByRole("button", { name: "Grant reviewer to Linus" }).click();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await grace.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await grace.reload();
  await expect(row.getByRole("button", { name: "Grant reviewer to Linus" })).toBeVisible();

  // Confirmed, it happens; revoking asks as well.
  await row.getByRole("button", { name: "Grant reviewer to Linus" }).click();
  await dialog.getByRole("button", { name: "Grant reviewer" }).click();
  await expect(row.getByRole("button", { name: "Revoke reviewer from Linus" })).toBeVisible();
  await row.getByRole("button", { name: "Revoke reviewer from Linus" }).click();
  const revoke = grace.getByRole("dialog", { name: "Revoke the reviewer role from Linus?" });
  await expect(revoke.getByRole("button", { name: "Cancel" })).toBeFocused();
  await revoke.getByRole("button", { name: "Revoke reviewer" }).click();
  await expect(row.getByRole("button", { name: "Grant reviewer to Linus" })).toBeVisible();

  // Pausing the payout worker asks; cancelled, it keeps running.
  await grace.goto("/admin/payouts");
  await expect(grace.getByTestId("worker-state")).toHaveText("Running");
  await grace.getByRole("button", { name: "Pause worker" }).click();
  const pause = grace.getByRole("dialog", { name: "Pause the payout worker?" });
  await expect(pause).toContainText("No reward, fee or revenue share is paid until someone resumes it");
  await pause.getByRole("button", { name: "Cancel" }).click();
  await expect(pause).toBeHidden();
  await grace.reload();
  await expect(grace.getByTestId("worker-state")).toHaveText("Running");
  await grace.context().close();
});

test("publishing a version asks first with its number, size and Merkle root; Escape publishes nothing", async ({ browser }) => {
  test.setTimeout(120_000);
  // A contributor outside the demo cast: the contribute spec expects Margaret's submissions page empty.
  const CONTRIBUTOR = `0x${"ad".repeat(20)}`;
  const ROSALIND = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  const { campaignId } = runSupportScript("tests/e2e/support/seed-accepted.ts", [CONTRIBUTOR, "2", ROSALIND]) as { campaignId: string };
  const grace = await personPage(browser, "Grace", "0xf39F…2266");
  const name = `Confirmed set ${Date.now().toString(36)}`;
  await grace.goto("/admin/datasets");
  await grace.getByLabel("From campaign").selectOption(campaignId);
  await grace.getByLabel("Name", { exact: true }).fill(name);
  await grace.getByLabel("URL name").fill(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  await grace.getByLabel("Description").fill("Two accepted reviews, to check that publishing asks first.");
  await grace.getByRole("button", { name: "Create dataset" }).click();
  await expect(grace.getByRole("heading", { name })).toBeVisible();
  await grace.getByLabel("Price (DATA)").fill("3");
  await grace.getByRole("button", { name: "Create draft" }).click();
  await expect(grace.getByTestId("preview-count")).toContainText("2 accepted samples selected");

  await grace.getByRole("button", { name: "Publish version" }).click();
  const dialog = grace.getByRole("dialog", { name: `Publish v1 of ${name}?` });
  await expect(dialog).toContainText(new RegExp(`Publishes v1 of ${name}: 2 samples, Merkle root 0x[0-9a-f]{64}, recorded on-chain`));
  await expect(dialog).toContainText("This cannot be undone");
  await grace.screenshot({ path: test.info().outputPath("publish-dialog.png") });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await grace.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await grace.reload();
  await expect(grace.getByText("None yet.")).toBeVisible();

  await grace.getByRole("button", { name: "Publish version" }).click();
  const root = /0x[0-9a-f]{64}/.exec((await dialog.textContent()) ?? "")?.[0];
  expect(root).toBeTruthy();
  await dialog.getByRole("button", { name: "Publish v1" }).click();
  await expect(grace.getByTestId("published-banner")).toContainText(`Published v1: 2 samples, Merkle root ${root}`);
  await grace.context().close();
});

test("the treasury page shows the on-chain balance behind the budgets, and Fund moves DATA from the admin's wallet into a campaign's budget", async ({ browser }) => {
  test.setTimeout(120_000);
  const grace = await personPage(browser, "Grace", "0xf39F…2266");
  await grace.goto("/admin/campaigns");
  await grace.getByRole("link", { name: "Treasury and budgets" }).click();
  await expect(grace.getByRole("heading", { name: "Treasury" })).toBeVisible();
  await expect(grace.getByTestId("treasury-address")).toHaveText(/^0x[0-9a-fA-F]{40}$/);
  const balanceBefore = dataIn(await grace.getByTestId("treasury-balance").textContent());
  await expect(grace.getByTestId("treasury-coverage")).toHaveText(/^(Covered: the treasury holds enough DATA for every outstanding budget\.|Not covered: the treasury is [\d.,]+ DATA short of the outstanding budgets\..*)$/);

  const row = grace.getByTestId(`treasury-campaign-${seed.a.slug}`);
  await expect(row.getByTestId("budget")).toHaveText("10");
  const amount = row.getByLabel(`DATA to add to the budget of ${seed.a.title}`);
  const fund = row.getByRole("button", { name: "Fund" });

  // Bad amounts are refused before the wallet is asked.
  for (const [typed, message] of [
    ["0", "The amount must be more than 0"],
    ["-5", "The amount must be a number of DATA, like 2 or 0.5"],
    ["ten", "The amount must be a number of DATA, like 2 or 0.5"],
  ] as const) {
    await amount.fill(typed);
    await fund.click();
    await expect(row.getByRole("alert")).toHaveText(message);
  }
  // More than the wallet holds: said, and nothing is sent.
  await amount.fill("1000000");
  await fund.click();
  await expect(row.getByTestId("fund-status")).toContainText("less than the 1,000,000 DATA you want to fund. Nothing was sent.");
  await expect(row.getByTestId("budget")).toHaveText("10");

  // A real transfer: the budget rises once the server has read it from the chain, and the treasury holds it.
  await amount.fill("4");
  await fund.click();
  await expect(row.getByTestId("fund-status")).toContainText("Funded: 4 DATA moved to the treasury; the budget is now 14 DATA.");
  await expect(row.getByTestId("budget")).toHaveText("14");
  await expect(row.getByTestId("remaining")).toHaveText("14");
  await expect(grace.getByTestId("treasury-balance")).toHaveText(`${(balanceBefore + 4).toLocaleString("en-US")} DATA`);
  await grace.screenshot({ path: test.info().outputPath("treasury.png"), fullPage: true });
  await grace.context().close();
});
