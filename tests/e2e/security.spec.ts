import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";

/** Collects the browser's Content-Security-Policy complaints, which would mean the policy blocks the app itself. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

test.describe("HTTP security", () => {
  test("pages carry a nonce-based CSP and anti-framing headers, and still hydrate and sign in", async ({ page }) => {
    const violations = cspViolations(page);
    const response = await page.goto("/");
    const headers = response!.headers();
    const policy = headers["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("'strict-dynamic'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Every script Next wrote into the page carries this response's nonce.
    const scriptNonces = await page.locator("script").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
    // A fresh nonce for every response.
    const again = (await page.request.get("/")).headers()["content-security-policy"];
    expect(again).not.toBe(policy);

    // Hydrated: the sign-in dialog opens and the dev wallet signs through the RPC proxy.
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("dialog", { name: "Sign in with your wallet" }).getByRole("button", { name: /Ada \(contributor\)/ }).click();
    await expect(page.getByTestId("session-address")).toHaveText("0x15d3…6A65");
    await expect(page.getByTestId("data-balance")).toContainText("DATA");
    expect(violations).toEqual([]);
  });

  test("admin pages answer 401 signed out, 403 to a non-admin, 200 to an admin", async ({ page, browser }) => {
    const anonymous = await page.request.get("/admin/users");
    expect(anonymous.status()).toBe(401);
    expect(await anonymous.text()).toContain("Sign in first");

    await signInAs(page, "Ada", "0x15d3…6A65");
    for (const path of ["/admin/users", "/admin/payouts", "/admin/campaigns/new", "/admin/datasets"]) {
      const response = await page.goto(path);
      expect(response!.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
    }

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signInAs(admin, "Grace", "0xf39F…2266");
    expect((await admin.goto("/admin/users"))!.status()).toBe(200);
    await adminContext.close();
  });

  test("revoking someone else's API key, or revoking signed out, is a sentence on the page, not a server error", async ({ page, browser }) => {
    await signInAs(page, "Linus", "0x9965…A4dc");
    await page.goto("/settings/api-keys");
    await page.getByLabel("Key name").fill("linus script");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByTestId("new-api-key")).toBeVisible();
    const linusKeyId = await page.locator('input[name="id"]').first().inputValue();

    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signInAs(other, "Margaret", "0x976E…0aa9");
    await other.goto("/settings/api-keys");
    await other.getByLabel("Key name").fill("margaret script");
    await other.getByRole("button", { name: "Create key" }).click();
    await expect(other.getByTestId("new-api-key")).toBeVisible();
    await other.reload();
    const serverErrors: number[] = [];
    other.on("response", (r) => {
      if (r.status() >= 500) serverErrors.push(r.status());
    });
    // Margaret's revoke form, pointed at Linus's key.
    await other.locator('input[name="id"]').first().evaluate((input, id) => ((input as HTMLInputElement).value = id), linusKeyId);
    await other.getByRole("button", { name: "Revoke" }).first().click();
    await expect(other.getByRole("table").getByRole("alert")).toHaveText("No such active key.");

    // Signed out (cookie gone), the same form answers with a sentence too.
    await otherContext.clearCookies();
    await other.getByRole("button", { name: "Revoke" }).first().click();
    await expect(other.getByRole("table").getByRole("alert")).toHaveText("Please sign in with your wallet first.");
    expect(serverErrors).toEqual([]);
    await otherContext.close();

    // Linus's key is still active (other specs may have given him keys of their own).
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: "linus script" }).getByRole("button", { name: "Revoke" })).toHaveCount(1);
  });
});
