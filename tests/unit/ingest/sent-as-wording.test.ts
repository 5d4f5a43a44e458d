import { describe, expect, it } from "vitest";
import { detectContentType } from "@/lib/domain/ingest/content-type";
import { checkSize } from "@/lib/domain/ingest/size-check";

const text = new TextEncoder().encode("A stop sign at the corner of Elm Street.");

// A refusal names what was sent: a pasted line (a manifest line with `text`) is never called "a file".
describe("refusals name a line or a file by how the item was sent", () => {
  it.each([
    ["IMAGE", "line", "This line is text, but this campaign accepts PNG, JPEG, WebP or GIF images only: send image files, not text lines."],
    ["IMAGE", "file", "This file is plain text, but this campaign accepts PNG, JPEG, WebP or GIF images."],
    ["IMAGE", undefined, "This file is plain text, but this campaign accepts PNG, JPEG, WebP or GIF images."],
  ] as const)("a text %s item sent as %s", async (dataType, sentAs, message) => {
    const outcome = await detectContentType(dataType, text, sentAs ? { sentAs } : {});
    expect(outcome.ok ? "" : outcome.refusal.message).toBe(message);
  });

  it.each([
    [0, "line", "This line is empty."],
    [0, "file", "This file is empty."],
    [2 * 1024 * 1024, "line", "This line is 2 MB; the limit for text is 512 KB."],
    [2 * 1024 * 1024, "file", "This file is 2 MB; the limit for text is 512 KB."],
  ] as const)("size %i sent as %s", (size, sentAs, message) => {
    const outcome = checkSize("TEXT", size, sentAs);
    expect(outcome.ok ? "" : outcome.refusal.message).toBe(message);
  });
});
