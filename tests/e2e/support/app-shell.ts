// Shared by the app-shell specs: the seeded fixtures and every main page of the app, with who must be signed in.
import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { runSupportScript } from "./earn";
import { signInAs } from "./sign-in";

// Alan contributes and buys in these specs, Grace administers. Not Ada, Linus, Margaret or Barbara: later specs expect
// their submissions, earnings and balances untouched.
export const ALAN = { name: "Alan", short: "0x3C44…93BC", address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" };
export const GRACE = { name: "Grace", short: "0xf39F…2266", address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" };
export const CLAUDE = { name: "Claude", short: "0x14dC…9955", address: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955" };

export type Seeded = { campaignSlug: string; campaignId: string; acceptedId: string; rejectedId: string; versionId: string; datasetId: string; publishTxHash: string; appealId: string };

/** A campaign with an accepted and a rejected sample of `contributor`, a reward for the accepted one, a published version. */
export function seedAppShell(contributor: string, priceData = "2"): Seeded {
  return runSupportScript("tests/e2e/support/app-shell-seed.ts", [contributor, priceData]) as Seeded;
}

export type Person = { name: string; short: string };

export async function personPage(browser: Browser, person: Person | null, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  if (person) await signInAs(page, person.name, person.short);
  return page;
}

export type MainPage = { name: string; path: string; as: "visitor" | "contributor" | "admin" };

/** Every main page, filled with the seeded data (a dataset card, a campaign, rows on the lists). */
export function mainPages(seeded: Seeded, contributorAddress: string): MainPage[] {
  return [
    { name: "home", path: "/", as: "visitor" },
    { name: "not-found", path: "/no/such/page", as: "visitor" },
    { name: "home-signed-in", path: "/", as: "contributor" },
    { name: "campaigns", path: "/campaigns", as: "contributor" },
    { name: "campaign", path: `/campaigns/${seeded.campaignSlug}`, as: "contributor" },
    { name: "submissions", path: "/submissions", as: "contributor" },
    { name: "sample-accepted", path: `/samples/${seeded.acceptedId}`, as: "contributor" },
    { name: "sample-rejected", path: `/samples/${seeded.rejectedId}`, as: "contributor" },
    { name: "earnings", path: "/earnings", as: "contributor" },
    { name: "review", path: "/review", as: "contributor" },
    { name: "quiz", path: "/review/quiz/product-review-sentiment", as: "contributor" },
    { name: "datasets", path: "/datasets", as: "contributor" },
    { name: "dataset-card", path: `/datasets/${seeded.versionId}`, as: "contributor" },
    { name: "purchases", path: "/purchases", as: "contributor" },
    { name: "settings", path: "/settings/api-keys", as: "contributor" },
    { name: "profile", path: `/users/${contributorAddress.toLowerCase()}`, as: "contributor" },
    { name: "transaction", path: `/tx/${seeded.publishTxHash}`, as: "contributor" },
    { name: "appeal", path: `/appeals/${seeded.appealId}`, as: "visitor" },
    { name: "admin-users", path: "/admin/users", as: "admin" },
    { name: "admin-campaigns", path: "/admin/campaigns", as: "admin" },
    { name: "admin-campaign-new", path: "/admin/campaigns/new", as: "admin" },
    { name: "admin-campaign-edit", path: `/admin/campaigns/${seeded.campaignId}/edit`, as: "admin" },
    { name: "admin-gold", path: `/admin/campaigns/${seeded.campaignId}/gold`, as: "admin" },
    { name: "admin-datasets", path: "/admin/datasets", as: "admin" },
    { name: "admin-dataset", path: `/admin/datasets/${seeded.datasetId}`, as: "admin" },
    { name: "admin-payouts", path: "/admin/payouts", as: "admin" },
    { name: "admin-escalated", path: "/admin/escalated", as: "admin" },
  ];
}

/** Opens a page and waits until it has rendered its heading (client components hydrated). */
export async function openPage(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator("main h1").first()).toBeVisible();
  await page.waitForLoadState("load");
}
