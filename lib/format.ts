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
