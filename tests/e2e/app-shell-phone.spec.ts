import { expect, test, type Page } from "@playwright/test";
import { ALAN, GRACE, mainPages, openPage, personPage, seedAppShell, type MainPage, type Seeded } from "./support/app-shell";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const placeholder: Seeded = { campaignSlug: "", campaignId: "", acceptedId: "", rejectedId: "", versionId: "", datasetId: "", publishTxHash: "", appealId: "" };

async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  const file = test.info().outputPath(`phone-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await test.info().attach(`phone-${name}`, { path: file, contentType: "image/png" });
}

test.describe("on a phone (390 x 844): no page is wider than the screen", () => {
  test.describe.configure({ timeout: 120_000 });
  let pages: Record<MainPage["as"], Page>;
  let list: MainPage[];

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(240_000);
    list = mainPages(seedAppShell(ALAN.address), ALAN.address);
    pages = { visitor: await personPage(browser, null, PHONE), contributor: await personPage(browser, ALAN, PHONE), admin: await personPage(browser, GRACE, PHONE) };
  });
  test.afterAll(async () => {
    for (const page of Object.values(pages ?? {})) await page.context().close();
  });

  for (const [index, entry] of mainPages(placeholder, ALAN.address).entries()) {
    test(`${entry.name} (${entry.as})`, async () => {
      const target = list[index]!;
      const page = pages[target.as];
      await openPage(page, target.path);
      await screenshot(page, target.name);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${target.path} is ${width} px wide`).toBeLessThanOrEqual(390);
    });
  }

  test("the navigation sits behind a Menu button; a link or Escape closes it", async () => {
    const page = pages.admin;
    await openPage(page, "/");
    const menu = page.getByRole("button", { name: "Menu", exact: true });
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(nav).toBeVisible();
    await expect(nav.getByRole("link", { name: "Payouts" })).toBeVisible();
    await screenshot(page, "menu-open", false);
    await nav.getByRole("link", { name: "My submissions" }).click();
    await expect(page).toHaveURL(/\/submissions$/);
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(nav).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();
  });

  test("a wide table scrolls inside its own box, not the page", async () => {
    const page = pages.admin;
    await openPage(page, "/admin/users");
    const box = page.locator("table").first().locator("xpath=..");
    expect(await box.evaluate((el) => getComputedStyle(el).overflowX)).toBe("auto");
    expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });
});
