/**
 * The form of a text used only to recognise it again: for the exact-duplicate hash and for MinHash shingles,
 * never for display (the stored text keeps the contributor's NFC form). It is deliberately aggressive, because
 * a farmer resubmitting a review for a second reward changes only what the eye forgives:
 * - NFKC, not NFC: also folds compatibility forms (fullwidth "ｇｏｏｄ", ligatures "ﬁ", superscripts) onto
 *   plain letters;
 * - format characters (\p{Cf}: zero-width spaces and joiners, soft hyphens, bidi marks) are dropped, since they
 *   are invisible and cost nothing to insert;
 * - lowercased: "GREAT PHONE" is the same sample as "great phone" for a dataset (case can carry tone, but a
 *   shouted copy is still a copy, and lowercasing is locale-independent in JS);
 * - every run of whitespace, line breaks included, becomes one space, and the ends are trimmed.
 * Punctuation is kept: "great." and "great!!!" differ, and the near-duplicate check catches such pairs anyway.
 */
export function textFingerprint(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim();
}
