import { expect, test, type Browser, type Page } from "@playwright/test";
import { signInAs } from "./support/sign-in";

// The spec runs its own campaign and reviews only its queue (/review?campaign=…): earlier specs leave samples in the
// shared database, images among them, and an image has no text to tell one item from the next. Items are told apart
// by their task id (data-task-id: the reviewer's own assignment), never by their text.
const SLUG = "review-drill";
const SAMPLE = "The hinge feels solid and the lid closes with a satisfying click, worth every penny.";
const GOLD_GOOD = "Gold standard: the speaker is loud and clear and the battery lasts all weekend.";
const GOLD_BAD = "Gold standard: qwerty asdf zxcv lorem ipsum, this is not a product review at all.";
const TO_REJECT = "Buy cheap followers now at my website, best prices, click the link in my profile.";
const TO_RELABEL = "It arrived on Tuesday in a brown box and it is a kettle, nothing more to say.";
const TO_SKIP = "The strap broke after a week but support replaced it within two days, so mixed feelings.";

async function asPerson(browser: Browser, person: string, shortAddress: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signInAs(page, person, shortAddress);
  return page;
}

async function upload(page: Page, lines: string[]): Promise<void> {
  await page.goto(`/campaigns/${SLUG}`);
  await page.getByLabel("Or paste text items, one per line").fill(lines.join("\n"));
  await page.getByRole("button", { name: "Add text items" }).click();
  await page.locator("#apply-all").selectOption("positive");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await page.getByRole("button", { name: `Upload ${lines.length} item${lines.length === 1 ? "" : "s"}` }).click();
  await expect(page.getByTestId("upload-summary")).toHaveText(`${lines.length}/${lines.length} done · ${lines.length} queued · 0 refused`);
}

/** Opens this campaign's queue once its keys are live (a key pressed before hydration would be lost). */
async function openQueue(page: Page): Promise<void> {
  await page.goto(`/review?campaign=${SLUG}`);
  await expect(page.getByLabel("Keyboard shortcuts")).toBeVisible();
  await expect(page.getByTestId("review-desk")).toHaveAttribute("data-keyboard", "on");
}

const content = (page: Page) => page.getByTestId("review-content");

/** Waits until the desk shows another task than `taskId` (or the empty queue). */
async function movedOn(page: Page, taskId: string): Promise<void> {
  await expect(page.locator(`[data-testid="review-content"][data-task-id="${taskId}"]`)).toHaveCount(0);
}

const MARGARET_PROFILE = "/users/0x976EA74026E726554dB657fA54763abd0C3a0aa9";

/** Margaret's "agreed with N of M decisions" on her profile, 0 of 0 before her first decided review. */
async function decisionsAgreed(page: Page): Promise<{ agreed: number; of: number }> {
  await page.goto(MARGARET_PROFILE);
  const text = (await page.getByTestId("reviewer-record").textContent()) ?? "";
  const match = /agreed with (\d+) of (\d+) decisions/.exec(text);
  if (match) return { agreed: Number(match[1]), of: Number(match[2]) };
  expect(text).toContain("agreed with no decision yet");
  return { agreed: 0, of: 0 };
}

test.describe("reviewers", () => {
  // One story with five people and a dozen server round trips: longer than the suite's default 60 s on a busy machine.
  test.setTimeout(300_000);
  test("a newcomer qualifies through the quiz, reviews a batch with the keyboard, and three verdicts accept a sample whose page explains why, and a split one asks for a 4th review", async ({ browser, page }) => {
    // An admin opens a campaign of its own for this spec: no gold in the queue (so the order is known), a 2-item quiz.
    const grace = await asPerson(browser, "Grace", "0xf39F…2266");
    await grace.goto("/admin/campaigns/new");
    await grace.getByLabel("Title").fill("Review drill");
    await grace.getByLabel("URL name").fill(SLUG);
    await grace.getByLabel("Description").fill("Short product reviews, labeled by their sentiment.");
    await grace.getByLabel("Labels").fill("positive, negative, neutral");
    await grace.getByLabel("Reward per accepted sample (DATA)").fill("2");
    await grace.getByLabel("Reviewer fee (DATA)").fill("0.5");
    await grace.getByLabel("Gold rate").fill("0");
    await grace.getByLabel("Quiz items").fill("2");
    await grace.getByLabel("Quiz pass mark").fill("1");
    // Without gold answers the consensus is cautious: three agreeing votes of reviewers it knows little about give
    // their label about 62% of four classes (three labels and "unacceptable"), so this campaign accepts at 60%.
    await grace.getByLabel("Acceptance threshold").fill("0.6");
    await grace.getByLabel("Status").selectOption("OPEN");
    await grace.getByRole("button", { name: "Create campaign" }).click();
    await expect(grace).toHaveURL(new RegExp(`/campaigns/${SLUG}$`));
    // Nothing decided yet: the campaign page says what that means for its posteriors.
    await expect(grace.getByTestId("campaign-calibration")).toContainText("No sample decided yet");
    await expect(grace.getByTestId("campaign-calibration")).toContainText("posteriors stay deliberately cautious");

    // Linus contributes (not Ada: the sign-in spec expects her starting balance untouched, and this reward is paid):
    // our sample first, so that it is the oldest in the queue, then the rest.
    await signInAs(page, "Linus", "0x9965…A4dc");
    await upload(page, [SAMPLE]);
    await upload(page, [GOLD_GOOD, GOLD_BAD, TO_REJECT, TO_RELABEL, TO_SKIP]);

    // The admin turns two of them into gold items with their known answers.
    await grace.goto(`/campaigns/${SLUG}`);
    await grace.getByRole("link", { name: "Gold items" }).click();
    await expect(grace.getByRole("heading", { name: "No gold items yet" })).toBeVisible();
    for (const [text, answer] of [
      [GOLD_GOOD, "ACCEPT"],
      [GOLD_BAD, "REJECT"],
    ] as const) {
      const row = grace.getByTestId("gold-candidate").filter({ hasText: text });
      await row.getByLabel("Known answer").selectOption(answer);
      await row.getByRole("button", { name: "Mark as gold" }).click();
      await expect(grace.getByTestId("gold-row").filter({ hasText: text })).toContainText(answer === "ACCEPT" ? "accept" : "reject");
    }
    const goldIds = await grace.getByTestId("gold-row").locator('input[name="sampleId"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(goldIds).toHaveLength(2);

    // Margaret is not a reviewer of this campaign (the payouts spec may have made her one of its own): its queue sends her to the quiz, which she passes with the keyboard.
    const margaret = await asPerson(browser, "Margaret", "0x976E…0aa9");
    const agreedBefore = await decisionsAgreed(margaret);
    await margaret.goto(`/review?campaign=${SLUG}`);
    await expect(margaret.getByRole("heading", { name: "Not a reviewer yet" })).toBeVisible();
    await margaret.getByRole("link", { name: "Take the quiz of Review drill" }).click();
    await expect(margaret.getByRole("heading", { name: "Reviewer quiz: Review drill" })).toBeVisible();
    await expect(margaret.getByTestId("quiz-desk")).toHaveAttribute("data-keyboard", "on");
    // The quiz page names its items by position only: neither its HTML (with the inline flight data) nor the flight
    // payload of a client navigation carries a gold sample id, which would let a wallet recognise that gold in a queue.
    const quizUrl = `/review/quiz/${SLUG}`;
    const html = await (await margaret.request.get(quizUrl)).text();
    const flight = await (await margaret.request.get(quizUrl, { headers: { RSC: "1" } })).text();
    for (const payload of [html, flight]) {
      expect([GOLD_GOOD, GOLD_BAD].some((g) => payload.includes(g))).toBe(true);
      for (const id of goldIds) expect(payload).not.toContain(id);
    }
    await expect(content(margaret)).not.toHaveAttribute("data-task-id");
    for (let item = 1; item <= 2; item++) {
      await expect(margaret.getByTestId("quiz-progress")).toHaveText(`Item ${item} of 2`);
      const text = (await content(margaret).textContent()) ?? "";
      expect([GOLD_GOOD, GOLD_BAD].some((g) => text.includes(g))).toBe(true);
      await margaret.keyboard.press(text.includes(GOLD_GOOD) ? "a" : "r");
    }
    await expect(margaret.getByTestId("quiz-result")).toContainText("Passed: you are now a reviewer of this campaign");
    // Pass or fail, never the score.
    await expect(margaret.getByTestId("quiz-result")).toContainText("You reached the pass mark of 100%.");
    await expect(margaret.getByTestId("quiz-result")).not.toContainText(/\d+ of \d+/);

    // Her batch, keyboard only: A on our sample, R + reason (with a slip undone by U), a label with 3 then A, and S.
    await margaret.getByRole("link", { name: "Start reviewing" }).click();
    await expect(margaret.getByTestId("review-desk")).toHaveAttribute("data-keyboard", "on");
    await expect(margaret.getByLabel("Keyboard shortcuts")).toContainText("undo your last verdict");
    await expect(content(margaret)).toContainText(SAMPLE);
    let id = (await content(margaret).getAttribute("data-task-id"))!;
    await margaret.keyboard.press("a");
    await expect(margaret.getByRole("status")).toContainText("Accepted. Press U to undo.");
    await movedOn(margaret, id);
    for (let item = 0; item < 3; item++) {
      id = (await content(margaret).getAttribute("data-task-id"))!;
      const text = (await content(margaret).textContent()) ?? "";
      if (text.includes(TO_REJECT)) {
        await margaret.keyboard.press("r");
        await expect(margaret.getByText("Why reject it?")).toBeVisible();
        await margaret.keyboard.press("2");
        await expect(margaret.getByRole("status")).toContainText("Rejected. Press U to undo.");
        await margaret.keyboard.press("u");
        await expect(margaret.getByRole("status")).toContainText("Verdict undone.");
        await expect(content(margaret)).toHaveAttribute("data-task-id", id);
        await margaret.keyboard.press("r");
        await margaret.keyboard.press("3");
        await expect(margaret.getByRole("status")).toContainText("Rejected. Press U to undo.");
      } else if (text.includes(TO_RELABEL)) {
        await margaret.keyboard.press("3");
        await expect(margaret.getByTestId("chosen-label")).toHaveText("Your label: neutral");
        await margaret.keyboard.press("a");
        await expect(margaret.getByRole("status")).toContainText("Accepted. Press U to undo.");
      } else {
        expect(text).toContain(TO_SKIP);
        await margaret.keyboard.press("s");
        await expect(margaret.getByRole("status")).toContainText("Skipped.");
      }
      await movedOn(margaret, id);
    }
    await expect(margaret.getByTestId("review-empty")).toBeVisible();

    // Two reviewers with the global role: our sample is the oldest with a free slot, so it comes up first. The desk says
    // what a plain accept counts as.
    const reviewers: Page[] = [];
    for (const [person, short] of [
      ["Rosalind", "0x7099…79C8"],
      ["Alan", "0x3C44…93BC"],
    ] as const) {
      const reviewer = await asPerson(browser, person, short);
      reviewers.push(reviewer);
      await openQueue(reviewer);
      await expect(content(reviewer)).toContainText(SAMPLE);
      await expect(reviewer.getByTestId("contributor-labels")).toHaveText("positive");
      await expect(reviewer.getByTestId("verdict-meaning")).toContainText("Accept (A) says the content is fine and positive is its right label.");
      await expect(reviewer.getByTestId("verdict-meaning")).toContainText("it counts exactly like rejecting as “the label is wrong” with that label picked");
      await reviewer.keyboard.press("a");
      await expect(reviewer.getByRole("status")).toContainText("Accepted. Press U to undo.");
      await expect(content(reviewer).filter({ hasText: SAMPLE })).toHaveCount(0);
    }

    // Linus's sample is accepted, and its page explains why: each class's probability against the threshold, and each vote's weight.
    await page.goto("/submissions?status=ACCEPTED");
    await expect(page.getByTestId("submission-row").filter({ hasText: SAMPLE })).toContainText("accepted");
    await page.getByRole("link", { name: SAMPLE }).click();
    await expect(page.getByTestId("sample-status")).toHaveText("accepted");
    await expect(page.getByTestId("decision-explanation")).toHaveText(/^After 3 reviews: positive \d+%.*; positive reached the threshold of 60%, so the sample was accepted as positive\.$/);
    await expect(page.getByTestId("vote")).toHaveCount(3);
    await expect(page.getByTestId("decision-model")).toContainText("over one set of classes (each label, and unacceptable)");
    await expect(page.getByTestId("decision-model")).toContainText("no gold answers yet, so its posteriors are deliberately cautious");

    // A split sample: Margaret said neutral; Rosalind accepts it as labeled (positive); Alan picks negative and rejects
    // it as "the label is wrong", which the desk says is a vote for negative. Each reviewer skips what else comes up.
    const splitVotes: [Page, (reviewer: Page) => Promise<void>][] = [
      [reviewers[0]!, async (reviewer) => reviewer.keyboard.press("a")],
      [
        reviewers[1]!,
        async (reviewer) => {
          await reviewer.keyboard.press("2");
          await expect(reviewer.getByTestId("chosen-label")).toHaveText("Your label: negative");
          await expect(reviewer.getByTestId("verdict-meaning")).toContainText("Accept (A) now says the content is fine and its right label is negative, not positive.");
          await reviewer.keyboard.press("r");
          await expect(reviewer.getByTestId("verdict-meaning")).toContainText("“The label is wrong” counts as a vote for negative, the label you picked; any other reason counts as “unacceptable”.");
          await reviewer.keyboard.press("1");
        },
      ],
    ];
    for (const [reviewer, vote] of splitVotes) {
      for (;;) {
        await expect(content(reviewer)).toBeVisible();
        id = (await content(reviewer).getAttribute("data-task-id"))!;
        if (((await content(reviewer).textContent()) ?? "").includes(TO_RELABEL)) break;
        await reviewer.keyboard.press("s");
        await movedOn(reviewer, id);
      }
      await vote(reviewer);
      await expect(reviewer.getByRole("status")).toContainText(/(Accepted|Rejected)\. Press U to undo\./);
      await movedOn(reviewer, id);
    }
    await page.goto("/submissions");
    await page.getByRole("link", { name: TO_RELABEL }).click();
    await expect(page.getByTestId("sample-status")).toHaveText("pending review");
    await expect(page.getByTestId("decision-explanation")).toHaveText(
      "After 3 reviews no outcome reached the campaign's threshold of 60%, so a 4th review was requested. The votes and the probability of each outcome are shown once the sample is decided.",
    );

    // The campaign shows how much its reviewers agree, and says in words how far its posteriors can be trusted (no gold
    // answer has votes here); Margaret's profile counts the decision she agreed with (on top of any from earlier specs:
    // the record spans campaigns).
    await page.goto(`/campaigns/${SLUG}`);
    await expect(page.getByTestId("agreement")).toContainText("Krippendorff's alpha");
    await expect(page.getByTestId("campaign-calibration")).toContainText("No gold answers yet, so the posteriors are deliberately cautious: no label is trusted beyond");
    await expect(page.getByTestId("campaign-calibration")).toContainText("(As of the latest decision.)");
    expect(await decisionsAgreed(page)).toEqual({ agreed: agreedBefore.agreed + 1, of: agreedBefore.of + 1 });

    // The gold page shows the calibration behind the posteriors: in words, and what the fit rests on. No gold item
    // has been reviewed (the gold rate is 0), so there is no reliability chart yet.
    await grace.goto(`/campaigns/${SLUG}`);
    await grace.getByRole("link", { name: "Gold items" }).click();
    const calibration = grace.getByTestId("calibration");
    await expect(calibration.getByRole("heading", { name: "Calibration" })).toBeVisible();
    await expect(calibration.getByTestId("calibration-words")).toContainText("No gold answers yet, so the posteriors are deliberately cautious");
    await expect(calibration).toContainText(/Fitted on \d+ reviews at/);
    await expect(calibration.getByTestId("calibration-bin")).toHaveCount(0);
    await expect(grace.getByTestId("model-choice")).toHaveCount(0);
  });
});
