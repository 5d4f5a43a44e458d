// Where an appeal bond goes once its panel decided. Loser pays: an overturned decision returns the whole bond to the
// contributor; an upheld one pays the panelists who sat on it (their time was spent on a frivolous appeal) and the
// rest goes to the campaign's treasury. Shares are exact: the transfers always sum to the bond.

export const UPHELD_PANEL_SHARE_BPS = 5_000n;

export type BondTransfer = { to: string; amount: bigint; role: "appellant" | "panelist" | "treasury" };

export function bondTransfers(outcome: "OVERTURNED" | "UPHELD", bond: bigint, parties: { appellant: string; panelists: readonly string[]; treasury: string }): BondTransfer[] {
  if (bond <= 0n) throw new RangeError("A bond is a positive amount of DATA wei.");
  if (outcome === "OVERTURNED") return [{ to: parties.appellant, amount: bond, role: "appellant" }];
  const panelists = [...new Set(parties.panelists)];
  if (panelists.length === 0) return [{ to: parties.treasury, amount: bond, role: "treasury" }];
  const each = (bond * UPHELD_PANEL_SHARE_BPS) / 10_000n / BigInt(panelists.length);
  const transfers: BondTransfer[] = each > 0n ? panelists.map((to) => ({ to, amount: each, role: "panelist" as const })) : [];
  const rest = bond - each * BigInt(transfers.length);
  if (rest > 0n) transfers.push({ to: parties.treasury, amount: rest, role: "treasury" });
  return transfers;
}
