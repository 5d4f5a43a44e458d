import { expect, test } from "@playwright/test";
import { ALAN, GRACE, mainPages, openPage, personPage, seedAppShell } from "./support/app-shell";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

test.describe("on a phone (390 x 844)", () => {
  test.describe.configure({ timeout: 300_000 });

  test("every main page fits the screen: nothing wider than 390 px, the navigation behind a Menu button", async ({ browser }) => {
    const seeded = seedAppShell(ALAN.address);
    const pages = {
      visitor: await personPage(browser, null, PHONE),
      contributor: await personPage(browser, ALAN, PHONE),
      admin: await personPage(browser, GRACE, PHONE),
    };
    for (const entry of mainPages(seeded, ALAN.address)) {
      await test.step(entry.name, async () => {
        const page = pages[entry.as];
        await openPage(page, entry.path);
        const shot = test.info().outputPath(`phone-${entry.name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        await test.info().attach(`phone-${entry.name}`, { path: shot, contentType: "image/png" });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${entry.path} is ${width} px wide`).toBeLessThanOrEqual(390);
      });
    }

    // The links are one tap away: the Menu button opens them, a link closes the panel.
    const page = pages.admin;
    await openPage(page, "/");
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await menu.click();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeVisible();
    await expect(nav.getByRole("link", { name: "Payouts" })).toBeVisible();
    const shot = test.info().outputPath("phone-menu-open.png");
    await page.screenshot({ path: shot });
    await test.info().attach("phone-menu-open", { path: shot, contentType: "image/png" });
    await nav.getByRole("link", { name: "My submissions" }).click();
    await expect(page).toHaveURL(/\/submissions$/);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    // Escape closes it too.
    await menu.click();
    await expect(nav).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();

    // A wide table scrolls inside its own box, not the page: the admin's users table.
    await openPage(page, "/admin/users");
    const box = page.locator("table").first().locator("xpath=..");
    expect(await box.evaluate((el) => getComputedStyle(el).overflowX)).toBe("auto");
    for (const p of Object.values(pages)) await p.context().close();
  });
});
