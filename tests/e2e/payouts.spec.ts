import { expect, test, type Page } from "@playwright/test";
import { earnPayout, receiptStatus } from "./support/earn";

// Linus, not Ada: the sign-in spec expects Ada's starting balance untouched.
const LINUS = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

async function signIn(page: Page, who: RegExp) {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("dialog", { name: "Sign in with your wallet" }).getByRole("button", { name: who }).click();
  await expect(page.getByTestId("session-address")).toBeVisible();
}

test.describe("token rewards", () => {
  test("a contributor sees a paid reward on Earnings with its transaction and the live DATA balance", async ({ page }) => {
    earnPayout(LINUS, "2.5", `e2e-sample-${Date.now()}`);
    await signIn(page, /Linus \(contributor\)/);
    await page.getByRole("link", { name: "Earnings" }).click();
    await expect(page.getByRole("heading", { name: "Earnings" })).toBeVisible();

    // The payout worker started by `npm start` pays it within a few seconds; the page is server-rendered, so reload.
    const row = page.getByTestId("earning-row").first();
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("Paid", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(row).toContainText("2.5 DATA");
    await expect(row).toContainText("Accepted sample · Product review sentiment");
    const hash = (await row.getByTestId("earning-tx").textContent())!;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await receiptStatus(hash)).toBe("0x1");
    await expect(page.getByTestId("total-paid")).toContainText("2.5 DATA");
    await expect(page.getByTestId("live-balance")).toHaveText("52.5 DATA");
  });

  test("an admin pauses and resumes the payout worker, and sees the batch history", async ({ page }) => {
    await signIn(page, /Grace \(admin\)/);
    await page.getByRole("link", { name: "Payouts" }).click();
    await expect(page.getByRole("heading", { name: "Payouts" })).toBeVisible();
    await expect(page.getByTestId("worker-state")).toHaveText("Running");

    await page.getByRole("button", { name: "Pause worker" }).click();
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
