import { expect, test } from "@playwright/test";
import { runSupportScript } from "./support/earn";
import { signInAs } from "./support/sign-in";

// Issue 18: admins keep an audited override of a sample the reviewers left undecided, shown publicly on its page.
const GRACE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

test("an admin accepts an undecided sample with a note; anyone, signed out, reads who overrode it, when and why, but not the sample", async ({ browser }) => {
  const seeded = runSupportScript("tests/e2e/support/escalated-seed.ts", [Date.now().toString(36)]) as { sampleId: string; text: string };

  const grace = await (await browser.newContext()).newPage();
  await signInAs(grace, "Grace", "0xf39F…2266");
  await grace.goto("/admin/escalated");
  const row = grace.getByTestId("escalated-sample").filter({ hasText: seeded.text });
  await expect(row).toHaveCount(1);
  await row.getByRole("textbox", { name: "Note (optional)" }).fill("The text is a fair positive review.");
  await row.getByRole("button", { name: "Accept" }).click();
  await grace.getByRole("dialog", { name: "Accept this sample?" }).getByRole("button", { name: "Accept sample" }).click();
  await expect(row).toHaveCount(0);
  await grace.context().close();

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/samples/${seeded.sampleId}`);
  await expect(visitor.getByTestId("sample-status")).toHaveText("accepted");
  await expect(visitor.getByTestId("sample-record")).toContainText("decided by an admin's override on");
  const override = visitor.getByTestId("admin-override");
  await expect(override).toContainText(GRACE.toLowerCase());
  await expect(override.getByTestId("admin-override-note")).toHaveText("The text is a fair positive review.");
  await expect(override).toContainText("Every override is audited and shown here to anyone");
  // The content stays with its contributor and the admins.
  await expect(visitor.getByText(seeded.text)).toHaveCount(0);
  await expect(visitor.getByTestId("sample-text")).toHaveCount(0);
  await expect(visitor.getByTestId("sample-record")).toContainText("If it is yours, sign in");

  // An unknown sample is still a 404, not an empty record.
  expect((await visitor.goto("/samples/no-such-sample"))?.status()).toBe(404);
  await visitor.context().close();
});
