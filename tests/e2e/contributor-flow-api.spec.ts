// Issue 17, item 2: the README's curl example runs as written, the campaign id is on the campaign page with a copy
// button, and the URL name works wherever the API takes the id. Item 7: a text line sent to an image campaign is
// refused as a line, not as "a file".
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";

const root = path.resolve(import.meta.dirname, "..", "..");

/** The README's upload example: the bash block that posts a manifest to /api/campaigns/…/samples. */
function readmeUploadBlock(): string {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const upload = blocks.filter((b) => b.includes("manifest.jsonl") && b.includes("/api/campaigns/"));
  expect(upload, "exactly one README block uploads through the API").toHaveLength(1);
  return upload[0]!;
}

async function createUploadKey(page: Page, name: string): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^tsk_/);
  return key;
}

test("the README's curl example runs as written against the running app, changing only the key and the host", async ({ page, baseURL }) => {
  await signInAs(page, "Linus", "0x9965…A4dc");
  const key = await createUploadKey(page, "readme example");

  const block = readmeUploadBlock();
  // The only documented placeholders: the key ($TESSERA_KEY, from the environment) and the host of `npm start`.
  expect(block).toContain("http://localhost:3000");
  const script = block.replaceAll("http://localhost:3000", baseURL!);
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-readme-"));
  try {
    const output = execFileSync("bash", ["-euo", "pipefail", "-c", script], { cwd: dir, env: { ...process.env, TESSERA_KEY: key }, encoding: "utf8" });
    const answer = JSON.parse(output) as { queued: number; refused: number; results: { status: string }[] };
    expect(answer).toMatchObject({ queued: 2, refused: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The uploads are the contributor's, waiting for review.
  await page.goto("/submissions?q=hinge");
  await expect(page.getByTestId("submission-row")).toHaveCount(1);
  await expect(page.getByTestId("submission-row")).toContainText("The hinge creaked from day one");
});

test("the campaign page shows its id with a copy button and an API example, and the API takes the id or the URL name", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAs(page, "Linus", "0x9965…A4dc");
  const key = await createUploadKey(page, "campaign page example");

  await page.goto("/campaigns/street-signs");
  await page.getByText("Upload from a script (API)").click();
  const id = (await page.getByTestId("campaign-id").textContent())?.trim() ?? "";
  expect(id).toMatch(/^[a-z0-9]{20,}$/);
  await page.getByRole("button", { name: "Copy campaign id" }).click();
  await expect(page.getByRole("button", { name: "Copy campaign id" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);
  await expect(page.getByTestId("api-command")).toContainText(`${baseURL}/api/campaigns/street-signs/samples`);
  await expect(page.getByTestId("api-command")).toContainText('{"file": "photo-1.jpg", "labels": "stop"}');

  // Item 7: the image campaign offers files only, and a text line sent to it is refused as a line.
  await expect(page.getByLabel("Or paste text items, one per line")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Choose images" })).toBeVisible();
  const send = (ref: string) =>
    page.request.post(`/api/campaigns/${ref}/samples`, {
      headers: { Authorization: `Bearer ${key}` },
      multipart: { manifest: { name: "manifest.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from('{"text": "A stop sign at the corner.", "labels": "stop"}\n') } },
    });
  for (const ref of [id, "street-signs"]) {
    const response = await send(ref);
    expect(response.status()).toBe(415);
    const body = (await response.json()) as { results: { message: string }[] };
    expect(body.results[0]!.message).toBe("This line is text, but this campaign accepts PNG, JPEG, WebP or GIF images only: send image files, not text lines.");
  }
  const unknown = await send("no-such-campaign");
  expect(unknown.status()).toBe(404);
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("There is no campaign 'no-such-campaign'");

  // The text campaign's page offers pasting, and its example carries text.
  await page.goto("/campaigns/product-review-sentiment");
  await expect(page.getByLabel("Or paste text items, one per line")).toBeVisible();
  await page.getByText("Upload from a script (API)").click();
  await expect(page.getByTestId("api-command")).toContainText('{"text": "Your first text item here.", "labels": "positive"}');
});
