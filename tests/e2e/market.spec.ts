import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { runSupportScript, runTsx } from "./support/earn";
import { signInAs } from "./support/sign-in";

// Margaret contributes, Rosalind and Alan reviewed; Claude and Barbara buy. Not Ada or Linus: other specs check their
// balances.
const MARGARET = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const ROSALIND = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const ALAN = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

async function personPage(browser: Browser, person: string, shortAddress: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, person, shortAddress);
  return page;
}

/** Accepted samples in a fresh campaign, then the admin creates a dataset, a draft, previews it and publishes v1. */
async function publishThroughAdmin(browser: Browser, name: string, price: string): Promise<void> {
  const { campaignId } = runSupportScript("tests/e2e/support/seed-accepted.ts", [MARGARET, "3", ROSALIND, ALAN]) as { campaignId: string };
  const admin = await personPage(browser, "Grace", "0xf39F…2266");
  await admin.goto("/admin/datasets");
  await admin.getByLabel("From campaign").selectOption(campaignId);
  await admin.getByLabel("Name", { exact: true }).fill(name);
  await admin.getByLabel("URL name").fill(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  await admin.getByLabel("Description").fill("Product reviews accepted by three reviewers, for an e2e test.");
  await admin.getByRole("button", { name: "Create dataset" }).click();
  await expect(admin.getByRole("heading", { name })).toBeVisible();

  // A bad price is pointed out; the fixed form saves the draft and the preview shows what it selects.
  await admin.getByLabel("Price (DATA)").fill("-5");
  await admin.getByRole("button", { name: "Create draft" }).click();
  await expect(admin.getByText("The price must be a number of DATA, like 2 or 0.5")).toBeVisible();
  await admin.getByLabel("Price (DATA)").fill(price);
  await admin.getByRole("button", { name: "Create draft" }).click();
  await expect(admin.getByRole("status")).toHaveText("Draft saved. The preview below shows what it selects.");
  await expect(admin.getByTestId("preview-count")).toContainText("3 accepted samples selected, from 1 contributor,");

  await admin.getByRole("button", { name: "Publish version" }).click();
  // Publishing is on-chain and final: it asks first, saying what it will record.
  const confirm = admin.getByRole("dialog", { name: /^Publish v1 of / });
  await expect(confirm).toContainText(/Publishes v1 of .+: 3 samples, Merkle root 0x[0-9a-f]{64}, recorded on-chain/);
  await confirm.getByRole("button", { name: "Publish v1" }).click();
  await expect(admin.getByTestId("published-banner")).toContainText(/Published v1: 3 samples, Merkle root 0x[0-9a-f]{64} in transaction 0x[0-9a-f]{64}/);
  await expect(admin.getByTestId("published-version")).toHaveCount(1);
  // The worker builds the downloads right after publication; the admin sees them become ready.
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId("downloads-readiness")).toHaveText(/^Downloads: parquet ready \([\d.]+ KB\) · jsonl ready \([\d.]+ KB\) · csv ready \([\d.]+ KB\)$/, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await admin.context().close();
}

async function openCard(page: Page, name: string, price: string): Promise<void> {
  await page.getByRole("link", { name: "Datasets", exact: true }).first().click();
  await page.getByRole("link", { name: `${name} v1` }).click();
  await expect(page.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  await expect(page.getByTestId("sample-count")).toHaveText("3");
  await expect(page.getByTestId("label-bar")).toHaveCount(3);
  await expect(page.getByTestId("merkle-root")).toHaveText(/^0x[0-9a-f]{64}$/);
  await expect(page.getByTestId("publish-tx")).toHaveText(/^0x[0-9a-f]{64}$/);
  await expect(page.getByTestId("contributors")).toHaveText("1");
  await expect(page.getByTestId("reviewers")).toHaveText("2");
  await expect(page.getByTestId("changelog")).toHaveText("First published version: 3 samples.");
  // Three rows are too few to give any away for free (lib/domain/datasets/free-preview.ts).
  await expect(page.getByTestId("preview-sample")).toHaveCount(0);
  await expect(page.getByTestId("no-preview")).toContainText("No free preview");
  await expect(page.getByTestId("price")).toHaveText(`${price} DATA`);
}

test.describe("dataset market", () => {
  // Each flow signs in three people and waits for two chain round trips, the indexer and a payout batch.
  test.describe.configure({ timeout: 300_000 });
  test("an admin publishes a version, a buyer approves and buys it, and the contributor sees the sale revenue paid", async ({ browser }) => {
    const name = `Reviews ${Date.now()}`;
    await publishThroughAdmin(browser, name, "5");

    const buyer = await personPage(browser, "Claude", "0x14dC…9955");
    await openCard(buyer, name, "5");
    await buyer.getByRole("button", { name: "1. Approve 5 DATA" }).click();
    await expect(buyer.getByText("Approved. Now press Buy.")).toBeVisible();
    await buyer.getByRole("button", { name: "2. Buy" }).click();
    // Confirmed only once the server's indexer has read the Purchased event.
    await expect(buyer.getByTestId("purchase-confirmed")).toBeVisible({ timeout: 30_000 });
    await buyer.getByRole("link", { name: "See your purchases" }).click();
    // Earlier specs may have bought other versions with this wallet: find this one's row.
    const purchase = buyer.getByTestId("purchase-row").filter({ hasText: `${name} v1` });
    await expect(purchase).toHaveCount(1);
    await expect(purchase).toContainText("5 DATA");
    await buyer.getByRole("link", { name: `${name} v1` }).click();
    await expect(buyer.getByTestId("owned")).toHaveText("You own this version.");

    // The buyer downloads it as Parquet from the card and the verifier checks it against the root on-chain.
    const panel = buyer.getByRole("region", { name: "Download" });
    await panel.getByLabel(/Parquet/).check();
    const downloaded = buyer.waitForEvent("download");
    await panel.getByRole("button", { name: "Download zip" }).click();
    const download = await downloaded;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "tessera-e2e-market-")), download.suggestedFilename());
    await download.saveAs(file);
    const verified = runTsx("scripts/verify.ts", [file]);
    expect(verified).toMatch(/^OK .+ v1 \(parquet\): \d+ files, 3 samples/m);
    expect(verified).toMatch(/= published \(DatasetRegistry 0x[0-9a-fA-F]{40} on chain 31337\)/);

    // 80 % of 5 DATA to the only contributor, paid by the payout worker from the distributor's treasury.
    const contributor = await personPage(browser, "Margaret", "0x976E…0aa9");
    await contributor.getByRole("link", { name: "Earnings" }).click();
    await expect(contributor.getByTestId("sales-revenue")).toContainText("Sales revenue: 4 DATA from 1 dataset sale");
    await expect(async () => {
      await contributor.reload();
      await expect(contributor.getByTestId("sales-revenue")).toContainText("4 DATA of it paid", { timeout: 1_000 });
    }).toPass({ timeout: 120_000 });
    await expect(contributor.getByTestId("earning-row").filter({ hasText: "Dataset sale" })).toContainText("Paid");
  });

  test("a dataset version that does not exist is a 404, not an empty card", async ({ page }) => {
    const response = await page.goto("/datasets/no-such-version");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("a buyer pays with one permit signature; a wallet without the DATA is told so and nothing moves", async ({ browser }) => {
    const name = `Permit ${Date.now()}`;
    await publishThroughAdmin(browser, name, "25");

    // Barbara holds 20 DATA: the decoded reason, before anything is signed, and her balance stays.
    const broke = await personPage(browser, "Barbara", "0x90F7…b906");
    await openCard(broke, name, "25");
    await broke.getByRole("button", { name: "Buy with one signature (permit)" }).click();
    await expect(broke.getByTestId("purchase-error")).toHaveText("Your wallet holds 20 DATA but this dataset costs 25 DATA.");
    await broke.goto("/purchases");
    await expect(broke.getByText("No purchases yet")).toBeVisible();
    await expect(broke.getByTestId("data-balance")).toHaveText("20 DATA");

    const buyer = await personPage(browser, "Claude", "0x14dC…9955");
    await openCard(buyer, name, "25");
    await buyer.getByRole("button", { name: "Buy with one signature (permit)" }).click();
    await expect(buyer.getByTestId("purchase-confirmed")).toBeVisible({ timeout: 30_000 });
    await buyer.goto("/purchases");
    await expect(buyer.getByTestId("purchase-row").filter({ hasText: `${name} v1` })).toHaveCount(1);
  });
});
