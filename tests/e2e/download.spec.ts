import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runTsx as tsx } from "./support/earn";

const CLAUDE = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";

test("a buyer downloads a purchased version with a progress bar, and the verifier prints OK", async ({ page }) => {
  const seeded = JSON.parse(tsx("tests/e2e/support/seed-purchase.ts", [CLAUDE, "400"]).trim().split("\n").at(-1)!) as { versionId: string; datasetName: string };

  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("dialog", { name: "Sign in with your wallet" }).getByRole("button", { name: /Claude \(buyer\)/ }).click();
  await expect(page.getByTestId("session-address")).toBeVisible();
  await page.getByRole("link", { name: "Purchases" }).click();

  const row = page.getByTestId("purchase-row").filter({ hasText: seeded.datasetName });
  const panel = row.getByRole("region", { name: "Download" });
  await panel.getByLabel(/JSONL/).check();
  const downloaded = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download zip" }).click();
  const download = await downloaded;
  await expect(panel.getByRole("status")).toContainText(/Saved .+-v1-jsonl\.zip \(\d+(\.\d+)? KB\)/);
  expect(download.suggestedFilename()).toMatch(/-v1-jsonl\.zip$/);

  const file = path.join(mkdtempSync(path.join(tmpdir(), "tessera-e2e-download-")), download.suggestedFilename());
  await download.saveAs(file);
  const out = tsx("scripts/verify.ts", [file]);
  expect(out).toMatch(/^OK .+ v1 \(jsonl\): \d+ files, 400 samples/m);
  expect(out).toMatch(/= published \(DatasetRegistry 0x[0-9a-fA-F]{40} on chain 31337\)/);
});

test("a signed-in wallet that did not buy a version sees why the download is refused", async ({ page }) => {
  const seeded = JSON.parse(tsx("tests/e2e/support/seed-purchase.ts", ["0x" + "77".repeat(20), "5"]).trim().split("\n").at(-1)!) as { versionId: string };
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("dialog", { name: "Sign in with your wallet" }).getByRole("button", { name: /Claude \(buyer\)/ }).click();
  await expect(page.getByTestId("session-address")).toBeVisible();
  const response = await page.request.get(`/api/datasets/${seeded.versionId}/download?format=csv`);
  expect(response.status()).toBe(403);
  expect((await response.json()).error.message).toBe("Buy this dataset version to download it.");
});
