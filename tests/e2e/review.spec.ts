import { expect, test, type Browser, type Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";

const SAMPLE = "The hinge feels solid and the lid closes with a satisfying click, worth every penny.";

async function asPerson(browser: Browser, person: string, shortAddress: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signInAs(page, person, shortAddress);
  return page;
}

/**
 * Reviews the queue with the keyboard until our sample comes up, skipping anything else (earlier specs leave samples
 * in the queue), then accepts it.
 */
async function acceptOurSample(page: Page): Promise<void> {
  await page.goto("/review");
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await expect(page.getByLabel("Keyboard shortcuts")).toBeVisible();
  for (let seen = 0; seen < 20; seen++) {
    const content = page.getByTestId("review-content");
    await expect(content).toBeVisible();
    const text = (await content.textContent()) ?? "";
    if (text.includes(SAMPLE)) {
      await expect(page.getByTestId("contributor-labels")).toHaveText("positive");
      await page.keyboard.press("a");
      await expect(page.getByRole("status")).toContainText("Accepted. Press U to undo.");
      // The next sample (or the empty queue) is already there, without another key press.
      await expect(page.getByTestId("review-content").filter({ hasText: SAMPLE })).toHaveCount(0);
      return;
    }
    await page.keyboard.press("s");
    await expect(content.filter({ hasText: text })).toHaveCount(0);
  }
  throw new Error("our sample never came up in the review queue");
}

test.describe("reviewers", () => {
  test("three reviewers accept a contributor's sample with the keyboard, and the contributor sees it accepted", async ({ browser, page }) => {
    await signInAs(page, "Ada", "0x15d3…6A65");
    await page.goto("/campaigns/product-review-sentiment");
    await page.getByLabel("Or paste text items, one per line").fill(SAMPLE);
    await page.getByRole("button", { name: "Add text items" }).click();
    await page.locator("#apply-all").selectOption("positive");
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await page.getByRole("button", { name: "Upload 1 item" }).click();
    await expect(page.getByTestId("upload-summary")).toHaveText("1/1 done · 1 queued · 0 refused");

    // Ada is a contributor, not a reviewer: the queue says so instead of showing anything.
    await page.goto("/review");
    await expect(page.getByRole("heading", { name: "Not a reviewer yet" })).toBeVisible();

    const rosalind = await asPerson(browser, "Rosalind", "0x7099…79C8");
    // A slip: reject, pick a reason, then undo it and accept instead.
    await rosalind.goto("/review");
    for (let seen = 0; seen < 20 && !((await rosalind.getByTestId("review-content").textContent()) ?? "").includes(SAMPLE); seen++) {
      const text = (await rosalind.getByTestId("review-content").textContent()) ?? "";
      await rosalind.keyboard.press("s");
      await expect(rosalind.getByTestId("review-content").filter({ hasText: text })).toHaveCount(0);
    }
    await expect(rosalind.getByTestId("review-content")).toContainText(SAMPLE);
    await rosalind.keyboard.press("r");
    await expect(rosalind.getByText("Why reject it?")).toBeVisible();
    await rosalind.keyboard.press("2");
    await expect(rosalind.getByRole("status")).toContainText("Rejected. Press U to undo.");
    await rosalind.keyboard.press("u");
    await expect(rosalind.getByRole("status")).toContainText("Verdict undone.");
    await expect(rosalind.getByTestId("review-content")).toContainText(SAMPLE);
    await rosalind.keyboard.press("a");
    await expect(rosalind.getByRole("status")).toContainText("Accepted. Press U to undo.");

    await acceptOurSample(await asPerson(browser, "Alan", "0x3C44…93BC"));
    await acceptOurSample(await asPerson(browser, "Barbara", "0x90F7…b906"));

    await page.goto("/submissions?status=ACCEPTED");
    await expect(page.getByTestId("submission-row").filter({ hasText: SAMPLE })).toContainText("accepted");

    // The sample's page explains the decision: the posterior against the threshold, and each vote's weight.
    await page.getByRole("link", { name: SAMPLE }).click();
    await expect(page.getByTestId("sample-status")).toHaveText("accepted");
    await expect(page.getByTestId("decision-explanation")).toContainText(/reached the campaign's threshold of 90\.0% after 3 reviews, so the sample was accepted/);
    await expect(page.getByTestId("vote")).toHaveCount(3);
  });
});
