// Issue 17, items 4 and 11: image previews before sending and in the lists, images large enough to judge with zoom
// on the sample page and the review desk; a duplicate refusal links the contributor's own earlier sample (never
// someone else's), and the last upload's results survive leaving the page until dismissed.
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { syntheticPhoto } from "../fixtures/ingest/fixtures";
import { signInAs } from "./support/sign-in";

async function asPerson(browser: Browser, person: string, shortAddress: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signInAs(page, person, shortAddress);
  return page;
}

async function photo(name: string, seed: number, format: "png" | "jpeg" = "png") {
  return { name, mimeType: format === "png" ? "image/png" : "image/jpeg", buffer: Buffer.from(await syntheticPhoto(format, { seed, width: 120, height: 80 })) };
}

async function uploadImages(page: Page, files: Awaited<ReturnType<typeof photo>>[]): Promise<void> {
  await page.goto("/campaigns/street-signs");
  await page.getByTestId("file-input").setInputFiles(files);
  await page.locator("#apply-all").selectOption("stop");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await page.getByRole("button", { name: `Upload ${files.length} item${files.length === 1 ? "" : "s"}` }).click();
  await expect(page.getByTestId("upload-summary")).toContainText(`${files.length}/${files.length} done`);
}

/** Loaded (a broken image has no natural width) and drawn at least this wide. */
async function expectImageShown(image: Locator, minWidth: number): Promise<void> {
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  expect((await image.boundingBox())!.width).toBeGreaterThanOrEqual(minWidth);
}

/** Opens the zoom by click and by keyboard; Escape and the Close button close it. */
async function expectZoom(page: Page, alt: string): Promise<void> {
  const opener = page.getByRole("button", { name: `Zoom: ${alt}` });
  const dialog = page.getByRole("dialog", { name: `${alt}, full size` });
  await opener.click();
  await expect(dialog).toBeVisible();
  await expectImageShown(dialog.getByRole("img"), 600);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await opener.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
}

test("image uploads show thumbnails; a duplicate links the contributor's own earlier sample, and the results stay until dismissed", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signInAs(page, "Linus", "0x9965…A4dc");
  const first = await photo("corner-stop.png", 41);
  const second = await photo("school-stop.jpg", 42, "jpeg");

  // Thumbnails before anything is sent: the contributor labels pictures, not file names.
  await page.goto("/campaigns/street-signs");
  await page.getByTestId("file-input").setInputFiles([first, second]);
  const thumbnails = page.getByTestId("upload-thumbnail");
  await expect(thumbnails).toHaveCount(2);
  for (const thumbnail of await thumbnails.all()) await expectImageShown(thumbnail, 48);
  await expect(page.getByRole("img", { name: "Preview of corner-stop.png" })).toBeVisible();
  await page.getByRole("button", { name: "Remove school-stop.jpg" }).click();
  await expect(thumbnails).toHaveCount(1);
  await page.getByTestId("file-input").setInputFiles([second]);
  await page.locator("#apply-all").selectOption("stop");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await page.getByRole("button", { name: "Upload 2 items" }).click();
  await expect(page.getByTestId("upload-summary")).toHaveText("2/2 done · 2 queued · 0 refused");

  // The same picture again: refused, with a link to the earlier sample, since it is the contributor's own.
  await uploadImages(page, [await photo("corner-stop-again.png", 41)]);
  const item = page.getByTestId("upload-item");
  await expect(item.getByTestId("item-result")).toHaveText("Refused: This campaign already has this exact content.");
  await expect(item.getByRole("link", { name: "See your earlier sample" })).toBeVisible();

  // Leaving the page does not lose the refusal.
  await page.goto("/campaigns");
  await page.goto("/campaigns/street-signs");
  const last = page.getByTestId("last-upload");
  await expect(last).toContainText("Your last upload: 0 queued, 1 refused");
  await expect(last.getByTestId("last-upload-item")).toContainText("corner-stop-again.png");
  await last.getByRole("link", { name: "See your earlier sample" }).click();

  // The earlier sample's page: the image large enough to judge, with zoom.
  await expect(page).toHaveURL(/\/samples\/[0-9a-f-]{36}$/);
  await expectImageShown(page.getByRole("img", { name: "The uploaded image", exact: true }), 300);
  await expectZoom(page, "The uploaded image");

  // Dismissed, the results are gone for good.
  await page.goto("/campaigns/street-signs");
  await page.getByTestId("last-upload").getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("last-upload")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("button", { name: "Choose images" })).toBeVisible();
  await expect(page.getByTestId("last-upload")).toHaveCount(0);

  // Thumbnails in the submissions list.
  await page.goto("/submissions?q=stop");
  await expect(page.getByTestId("submission-thumbnail")).toHaveCount(2);
  for (const thumbnail of await page.getByTestId("submission-thumbnail").all()) await expectImageShown(thumbnail, 40);

  // Someone else sending the same picture learns only that the campaign has it: no link, no id.
  const ada = await asPerson(browser, "Ada", "0x15d3…6A65");
  await uploadImages(ada, [await photo("found-online.png", 41)]);
  await expect(ada.getByTestId("item-result")).toHaveText("Refused: This campaign already has this exact content.");
  await expect(ada.getByTestId("upload-item").getByRole("link")).toHaveCount(0);
  const api = await ada.request.post("/api/campaigns/street-signs/samples", {
    headers: { Origin: new URL(ada.url()).origin },
    multipart: { manifest: '{"file": "again.png", "labels": "stop"}', files: await photo("again.png", 41) },
  });
  expect(api.status()).toBe(409);
  expect(JSON.stringify(await api.json())).not.toContain("duplicateOf");
  await ada.context().close();
});

test("the review desk shows an image large enough to judge, zooms without casting a verdict, and names no contributor", async ({ page, browser }) => {
  const linus = await asPerson(browser, "Linus", "0x9965…A4dc");
  await uploadImages(linus, [await photo("yield-at-dusk.png", 43)]);
  await linus.context().close();

  await signInAs(page, "Rosalind", "0x7099…79C8");
  await page.goto("/review?campaign=street-signs");
  await expect(page.getByTestId("review-desk")).toHaveAttribute("data-keyboard", "on");
  const image = page.getByRole("img", { name: "The sample under review", exact: true });
  await expectImageShown(image, 300);
  const taskId = await page.getByTestId("review-content").getAttribute("data-task-id");
  await expectZoom(page, "The sample under review");
  // Keys pressed while zoomed stay in the dialog: "a" there accepts nothing.
  await page.getByRole("button", { name: "Zoom: The sample under review" }).click();
  await page.keyboard.press("a");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("review-content")).toHaveAttribute("data-task-id", taskId!);
  await expect(page.getByTestId("review-desk")).not.toContainText(/Linus|0x9965/i);

  // The file itself is served with its real type, never as something to run, and names nobody.
  const blob = await page.request.get((await image.getAttribute("src"))!);
  expect(blob.status()).toBe(200);
  expect(blob.headers()["content-type"]).toMatch(/^image\/(png|jpeg|webp|gif)$/);
  expect(blob.headers()["x-content-type-options"]).toBe("nosniff");
  expect(blob.headers()["content-disposition"] ?? "").not.toMatch(/yield|linus|0x/i);
  // Leave the queue as found: skip releases the held sample.
  await page.keyboard.press("s");
  await expect(page.getByTestId("review-content")).not.toHaveAttribute("data-task-id", taskId!);
});
