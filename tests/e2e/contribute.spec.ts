import { expect, test } from "@playwright/test";
import { syntheticPhoto } from "../fixtures/ingest/fixtures";
import { signInAs } from "./support/sign-in";

test.describe("contributors", () => {
  test("an admin creates a campaign through the form, fixing the errors it points out", async ({ page }) => {
    await signInAs(page, "Grace", "0xf39F…2266");
    await page.goto("/admin/campaigns/new");
    await page.getByLabel("Title").fill("ab");
    await page.getByLabel("URL name").fill("Bad Slug");
    await page.getByLabel("Reward per accepted sample (DATA)").fill("-1");
    await page.getByRole("button", { name: "Create campaign" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Please fix the highlighted fields.");
    await expect(page.getByText("Give the campaign a title of at least 3 characters")).toBeVisible();
    await expect(page.getByText("Use lowercase letters, digits and single dashes")).toBeVisible();
    await expect(page.getByText("The reward must be a number of DATA, like 2 or 0.5")).toBeVisible();

    await page.getByLabel("Title").fill("Bird calls, transcribed");
    await page.getByLabel("URL name").fill("bird-calls");
    await page.getByLabel("Description").fill("Describe the bird call you hear in a short sentence.");
    await page.getByLabel("Labels").fill("songbird, raptor, waterbird");
    await page.getByLabel("Reward per accepted sample (DATA)").fill("1.5");
    await page.getByLabel("Status").selectOption("OPEN");
    await page.getByRole("button", { name: "Create campaign" }).click();

    await expect(page).toHaveURL(/\/campaigns\/bird-calls$/);
    await expect(page.getByRole("heading", { name: "Bird calls, transcribed" })).toBeVisible();
    await expect(page.getByText("1.5 DATA", { exact: true })).toBeVisible();
  });

  test("a contributor uploads text and images in the browser, one refused as a duplicate, the rest pending review", async ({ page }) => {
    await signInAs(page, "Ada", "0x15d3…6A65");

    await page.getByRole("link", { name: "Campaigns" }).click();
    await page.getByRole("link", { name: "Product review sentiment" }).click();
    await page.getByLabel("Or paste text items, one per line").fill(
      [
        "The battery easily lasts two days and the screen is bright even outdoors.",
        "Shipping took three weeks and the box arrived crushed, very disappointed.",
        "The battery easily lasts two days and the screen is bright even outdoors.",
      ].join("\n"),
    );
    await page.getByRole("button", { name: "Add text items" }).click();
    await expect(page.getByTestId("upload-item")).toHaveCount(3);
    await expect(page.getByRole("button", { name: "Upload 3 items" })).toBeDisabled();
    await page.locator("#apply-all").selectOption("positive");
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await page.getByTestId("upload-item").nth(1).getByLabel("Label").selectOption("negative");
    await page.getByRole("button", { name: "Upload 3 items" }).click();

    await expect(page.getByTestId("upload-summary")).toHaveText("3/3 done · 2 queued · 1 refused");
    await expect(page.getByTestId("item-result").filter({ hasText: "Refused" })).toHaveText("Refused: This campaign already has this exact content.");
    await expect(page.getByTestId("item-result").filter({ hasText: "Queued for review" })).toHaveCount(2);

    await page.goto("/campaigns/street-signs");
    await page.getByTestId("file-input").setInputFiles([
      { name: "stop.png", mimeType: "image/png", buffer: Buffer.from(await syntheticPhoto("png", { seed: 11, width: 96, height: 64 })) },
      { name: "yield.jpg", mimeType: "image/jpeg", buffer: Buffer.from(await syntheticPhoto("jpeg", { seed: 12, width: 96, height: 64 })) },
      { name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not an image at all, just words") },
    ]);
    await page.locator("#apply-all").selectOption("stop");
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await page.getByRole("button", { name: "Upload 3 items" }).click();
    await expect(page.getByTestId("upload-summary")).toHaveText("3/3 done · 2 queued · 1 refused");
    await expect(page.getByTestId("item-result").filter({ hasText: "Refused" })).toContainText("This file is plain text (even though its name ends in .png)");

    await page.getByRole("link", { name: "My submissions" }).click();
    await expect(page.getByTestId("submission-row")).toHaveCount(4);
    await expect(page.getByRole("link", { name: "pending review (4)" })).toBeVisible();
    await page.getByRole("link", { name: "accepted (0)" }).click();
    await expect(page.getByText("No submissions match this filter")).toBeVisible();
  });

  test("a newcomer sees what to do on an empty submissions page, and API keys are shown once", async ({ page }) => {
    await signInAs(page, "Margaret", "0x976E…0aa9");
    await page.goto("/submissions");
    await expect(page.getByRole("heading", { name: "Nothing submitted yet" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Browse campaigns" })).toBeVisible();

    await page.goto("/settings/api-keys");
    await page.getByLabel("Key name").fill("upload script");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByTestId("new-api-key")).toHaveText(/^tsk_[\w-]{40,}$/);
    await page.reload();
    await expect(page.getByTestId("new-api-key")).toHaveCount(0);
    await expect(page.getByRole("cell", { name: "upload script" })).toBeVisible();
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByText("revoked")).toBeVisible();
  });
});
