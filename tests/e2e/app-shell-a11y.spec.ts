import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ALAN, GRACE, mainPages, openPage, personPage, seedAppShell } from "./support/app-shell";

test.describe("accessibility (axe)", () => {
  test.describe.configure({ timeout: 300_000 });

  test("no page has a serious or critical violation, signed out, as a contributor and as an admin, with data", async ({ browser }) => {
    const seeded = seedAppShell(ALAN.address);
    const pages = { visitor: await personPage(browser, null), contributor: await personPage(browser, ALAN), admin: await personPage(browser, GRACE) };
    const found: string[] = [];
    for (const entry of mainPages(seeded, ALAN.address)) {
      await test.step(entry.name, async () => {
        const page = pages[entry.as];
        await openPage(page, entry.path);
        const results = await new AxeBuilder({ page }).analyze();
        for (const v of results.violations) {
          if (v.impact !== "serious" && v.impact !== "critical") continue;
          found.push(`${entry.path}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
        }
      });
    }
    // The open menus are checked too: the account menu and the sign-in dialog.
    await openPage(pages.contributor, "/");
    await pages.contributor.getByRole("button", { name: /Account menu/ }).click();
    await expect(pages.contributor.getByRole("menu", { name: "Your account" })).toBeVisible();
    await pages.visitor.getByRole("button", { name: "Sign in" }).click();
    await expect(pages.visitor.getByRole("dialog", { name: "Sign in with your wallet" })).toBeVisible();
    for (const [name, page] of [["account menu", pages.contributor], ["sign-in dialog", pages.visitor]] as const) {
      const results = await new AxeBuilder({ page }).analyze();
      for (const v of results.violations) if (v.impact === "serious" || v.impact === "critical") found.push(`${name}: ${v.impact} ${v.id} (${v.help})`);
    }
    expect(found, found.join("\n")).toEqual([]);
    for (const p of Object.values(pages)) await p.context().close();
  });
});
