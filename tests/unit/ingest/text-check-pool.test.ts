import { afterAll, describe, expect, it } from "vitest";
import { checkTextItem, type TextItemInput, type TextItemRules } from "@/lib/domain/ingest/text-item";
import { checkTextItems, TextCheckPool } from "@/lib/server/ingest/text-check-pool";
import { HTML_PAGE, INVALID_UTF8, REVIEW, UNRELATED_REVIEW, utf8 } from "../../fixtures/ingest/fixtures";

const rules: TextItemRules = { labelSchema: { kind: "single_label", labels: ["positive", "negative"] }, textMinLength: 10, textMaxLength: 5000 };

/** 250 items (three tasks of at most 100): mostly good texts, with every few a different refusal. */
const items: TextItemInput[] = Array.from({ length: 250 }, (_, i): TextItemInput => {
  const file = (name: string, bytes: Uint8Array) => ({ name, bytes, tooLarge: false, size: bytes.length });
  switch (i % 7) {
    case 1:
      return { text: "short", labels: "positive" };
    case 2:
      return { text: `${REVIEW} #${i}`, labels: "neutral" };
    case 3:
      return { file: file(`page-${i}.txt`, HTML_PAGE), labels: "positive" };
    case 4:
      return { file: file(`bad-${i}.txt`, INVALID_UTF8), labels: "negative" };
    case 5:
      return { file: file(`ok-${i}.txt`, utf8(`${UNRELATED_REVIEW} (${i})`)), labels: "negative" };
    default:
      return { text: `${REVIEW} Order number ${i}.`, labels: i % 2 ? "positive" : "negative" };
  }
});

async function onMainThread(itemsToCheck: readonly TextItemInput[], rulesToUse: TextItemRules = rules) {
  const outcomes = [];
  for (const item of itemsToCheck) outcomes.push(await checkTextItem(rulesToUse, item));
  return outcomes;
}

const pool = new TextCheckPool(2);
afterAll(() => pool.close());

describe("text-check pool", () => {
  it("answers every item exactly as the checks on the main thread do, in order, across tasks and workers", async () => {
    const expected = await onMainThread(items);
    const [first, second] = await Promise.all([checkTextItems(rules, items, pool), checkTextItems(rules, items.slice(100), pool)]);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected.slice(100));
    expect(pool.broken).toBeNull();
    expect(first.filter((o) => o.ok)).toHaveLength(items.filter((_, i) => i % 7 === 0 || i % 7 === 5 || i % 7 === 6).length);
  });

  it("handles campaigns with different label schemas side by side", async () => {
    const freeText: TextItemRules = { labelSchema: { kind: "free_text", prompt: "Describe it", minLength: 1, maxLength: 20 }, textMinLength: 1, textMaxLength: 5000 };
    const free = [{ text: REVIEW, labels: "a caption" }, { text: REVIEW, labels: "x".repeat(21) }];
    const [a, b] = await Promise.all([checkTextItems(freeText, free, pool), checkTextItems(rules, free, pool)]);
    expect(a).toEqual(await onMainThread(free, freeText));
    expect(b).toEqual(await onMainThread(free));
    expect(a.map((o) => o.ok)).toEqual([true, false]);
    expect(b.map((o) => o.ok)).toEqual([false, false]);
  });

  it("raises an error of a check as the main thread would (here: impossible length bounds)", async () => {
    const broken: TextItemRules = { ...rules, textMinLength: 0 };
    await expect(checkTextItems(broken, items.slice(0, 3), pool)).rejects.toThrow(RangeError);
    expect(pool.broken).toBeNull();
  });

  it("checks on the main thread, with the same answers, once the pool cannot be used", async () => {
    const closed = new TextCheckPool(1);
    await closed.close();
    expect(closed.broken).not.toBeNull();
    expect(await checkTextItems(rules, items.slice(0, 30), closed)).toEqual(await onMainThread(items.slice(0, 30)));
  });
});
