// Issue 17, items 10 and 14: the campaign form speaks in sentences and fills the URL name from the title; lists
// search, sort and page on the server through URL parameters, saying so when they adjust a bad one; the dataset
// card gives only a small share of a dataset away for free.
import { expect, test } from "@playwright/test";
import { runTsx } from "./support/earn";
import { signInAs } from "./support/sign-in";

const LINUS = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

function seed(args: string[]): Record<string, string> {
  return JSON.parse(runTsx("tests/e2e/support/contributor-flow-seed.ts", args).trim().split("\n").at(-1)!) as Record<string, string>;
}

test("the campaign form fills the URL name from the title until it is edited, and says what is wrong in plain words", async ({ page }) => {
  await signInAs(page, "Grace", "0xf39F…2266");
  await page.goto("/admin/campaigns/new");
  const title = page.getByLabel("Title");
  const slug = page.getByLabel("URL name");
  await title.pressSequentially("Crème brûlée, photographed");
  await expect(slug).toHaveValue("creme-brulee-photographed");
  await slug.fill("desserts");
  await title.fill("Crème brûlée, photographed at home");
  await expect(slug).toHaveValue("desserts");

  await page.getByLabel("Description").fill("Photos of desserts you made yourself.");
  await page.getByLabel("Labels").fill("burnt");
  await page.getByLabel("Reviews per sample (k)").fill("1.5");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Please fix the highlighted fields.");
  await expect(page.getByText("Give at least two labels")).toBeVisible();
  await expect(page.getByText("Reviews per sample must be a whole number")).toBeVisible();
  await expect(page.locator("form")).not.toContainText(/Too small|Too big|Invalid input|expected/);
  // The URL name the admin chose survives the round trip.
  await expect(slug).toHaveValue("desserts");
});

test("my submissions: search, sort and pages on the server, with bad parameters adjusted and said so", async ({ page }) => {
  seed(["samples", LINUS, "25"]);
  await signInAs(page, "Linus", "0x9965…A4dc");
  await page.goto("/submissions");
  await page.getByLabel("Search your submissions (text or file name)").fill("zebra");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/submissions\?q=zebra(&sort=newest)?$/);
  const rows = page.getByTestId("submission-row");
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText("number 020");

  await page.getByLabel("Sort by").selectOption("oldest");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=zebra&sort=oldest/);
  await expect(rows.first()).toContainText("number 000");

  await page.goto("/submissions?q=giraffe&size=10&sort=oldest");
  await expect(rows).toHaveCount(10);
  await expect(page.getByText("Page 1 of 2 · 20 in all")).toBeVisible();
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(rows).toHaveCount(10);
  await expect(rows.last()).toContainText("number 024");

  // Hand-edited URLs: clamped to the nearest sensible value, and the page says what it did.
  await page.goto("/submissions?q=giraffe&size=5000&page=abc&sort=loudest");
  await expect(page.getByTestId("list-notes")).toContainText('There is no sort "loudest"; sorted by newest instead.');
  await expect(page.getByTestId("list-notes")).toContainText('The page "abc" is not a whole number');
  await expect(page.getByTestId("list-notes")).toContainText("The size must be between 1 and 100; showing size 100 instead.");
  await expect(rows).toHaveCount(20);
  await page.goto("/submissions?q=giraffe&size=10&page=9");
  await expect(page.getByTestId("list-notes")).toHaveText("There are only 2 pages; showing the last.");
  await expect(rows).toHaveCount(10);
  await page.goto("/submissions?q=no-such-words-anywhere");
  await expect(page.getByText("No submissions match this filter")).toBeVisible();
});

test("gold candidates are searched, sorted and paged on the server", async ({ page }) => {
  const { campaignId } = seed(["samples", "0x" + "d4".repeat(20), "23"]);
  await signInAs(page, "Grace", "0xf39F…2266");
  await page.goto(`/admin/campaigns/${campaignId}/gold`);
  const candidates = page.getByTestId("gold-candidate");
  await expect(candidates).toHaveCount(20);
  await expect(page.getByText("Page 1 of 2 · 23 in all")).toBeVisible();
  await page.getByLabel("Search samples (text or file name)").fill("zebra");
  await page.getByLabel("Sort by").selectOption("oldest");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(candidates).toHaveCount(5);
  await expect(candidates.first()).toContainText("number 000");
  await page.goto(`/admin/campaigns/${campaignId}/gold?page=0`);
  await expect(page.getByTestId("list-notes")).toHaveText("The page must be between 1 and 100000; showing page 1 instead.");
});

test("datasets are searched and sorted, and a tiny dataset shows no free rows while a larger one shows a tenth at most", async ({ page }) => {
  const word = `Okapi${Date.now()}`;
  const ids = seed(["datasets", word]);
  await page.goto("/datasets");
  await page.getByLabel("Search datasets by name, description or campaign").fill(word);
  await page.getByLabel("Sort by").selectOption("largest");
  await page.getByRole("button", { name: "Search" }).click();
  const versions = page.getByTestId("dataset-version");
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText(`${word} large`);
  await page.getByLabel("Sort by").selectOption("name");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(versions.first()).toContainText(`${word} large`);
  await expect(versions.last()).toContainText(`${word} tiny`);

  await page.goto(`/datasets/${ids[`${word} tiny`]}`);
  await expect(page.getByTestId("preview-sample")).toHaveCount(0);
  await expect(page.getByTestId("no-preview")).toContainText("No free preview");
  await page.goto(`/datasets/${ids[`${word} large`]}`);
  await expect(page.getByTestId("preview-sample")).toHaveCount(3);

  await page.goto("/datasets?q=no-such-dataset-anywhere");
  await expect(page.getByText("No dataset matches your search")).toBeVisible();
});
