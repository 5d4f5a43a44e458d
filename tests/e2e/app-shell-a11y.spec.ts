import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ALAN, GRACE, mainPages, openPage, personPage, seedAppShell, type MainPage, type Seeded } from "./support/app-shell";

/** The serious and critical violations axe finds on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
}

// The pages are listed before the seed runs, so their names are known; the seeded ids fill them in beforeAll.
const placeholder: Seeded = { campaignSlug: "", campaignId: "", acceptedId: "", rejectedId: "", versionId: "", datasetId: "", publishTxHash: "", appealId: "" };

test.describe("accessibility (axe): no serious or critical violation, with data", () => {
  test.describe.configure({ timeout: 120_000 });
  let pages: Record<MainPage["as"], Page>;
  let list: MainPage[];

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(240_000);
    list = mainPages(seedAppShell(ALAN.address), ALAN.address);
    pages = { visitor: await personPage(browser, null), contributor: await personPage(browser, ALAN), admin: await personPage(browser, GRACE) };
  });
  test.afterAll(async () => {
    for (const page of Object.values(pages ?? {})) await page.context().close();
  });

  for (const [index, entry] of mainPages(placeholder, ALAN.address).entries()) {
    test(`${entry.name} (${entry.as})`, async () => {
      const target = list[index]!;
      const page = pages[target.as];
      await openPage(page, target.path);
      expect(await seriousViolations(page), target.path).toEqual([]);
    });
  }

  test("the open account menu and the sign-in dialog", async () => {
    await openPage(pages.contributor, "/");
    await pages.contributor.getByRole("button", { name: /^Account menu/ }).click();
    await expect(pages.contributor.getByRole("menu", { name: "Your account" })).toBeVisible();
    expect(await seriousViolations(pages.contributor)).toEqual([]);
    await openPage(pages.visitor, "/");
    await pages.visitor.getByRole("button", { name: "Sign in" }).click();
    await expect(pages.visitor.getByRole("dialog", { name: "Sign in with your wallet" })).toBeVisible();
    expect(await seriousViolations(pages.visitor)).toEqual([]);
  });
});
