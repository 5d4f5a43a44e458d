import { formatUnits } from "viem";

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Formats wei as DATA for display only; amounts stay bigint everywhere else. */
export function formatData(wei: bigint, maxFractionDigits = 2): string {
  const [whole = "0", fraction = ""] = formatUnits(wei, 18).split(".");
  const wholeGrouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const trimmed = fraction.slice(0, maxFractionDigits).replace(/0+$/, "");
  return trimmed ? `${wholeGrouped}.${trimmed}` : wholeGrouped;
}

/**
 * A campaign's calibration in words, for people deciding whether to trust its threshold: how the posteriors of gold
 * answers predicted from the votes alone matched how often they were right, and what that rests on.
 */
export function calibrationInWords(c: { goldItems: number; ece: number | null; predictions?: number; misleading: number }): string {
  const cap = `no label is trusted beyond ${Math.round((1 - c.misleading) * 1000) / 10}%, since about ${Math.round(c.misleading * 1000) / 10}% of items may look like another label to most reviewers`;
  if (c.goldItems === 0 || c.ece === null) return `No gold answers yet, so the posteriors are deliberately cautious: ${cap}.`;
  const gap = Math.round(c.ece * 1000) / 10;
  const quality = gap <= 3 ? "closely matched" : gap <= 8 ? "roughly matched" : "did not match";
  return `On ${c.goldItems} gold answer${c.goldItems === 1 ? "" : "s"} predicted from the votes alone, the confidence of the consensus ${quality} how often it was right (expected calibration error ${gap} points); ${cap}.`;
}
