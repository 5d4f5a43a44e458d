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
 * A model choice's evidence (log P(gold | item-bias) - log P(gold | Dawid-Skene), in nats) as the Bayes factor people
 * read: which model predicted the gold answers better, and how many times. Under 5% apart, neither.
 */
export function evidenceInWords(evidence: number): string {
  const factor = Math.exp(Math.abs(evidence));
  if (!(factor >= 1.05)) return "both models predicted the gold answers about equally well";
  const better = evidence > 0 ? "the item-bias model" : "Dawid-Skene";
  return `${better} predicted the gold answers ${factor > 1000 ? "over 1000" : factor.toFixed(1)} times better`;
}
