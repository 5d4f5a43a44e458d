import "server-only";
import { getAddress } from "viem";
import { bondTransfers } from "@/lib/domain/trust/bond-settlement";
import type { Tx } from "@/lib/server/chain/index-events";

/** Placeholder recipient of a bond settlement: the escrow's treasury, read from the contract when it is sent. */
export const TREASURY_RECIPIENT = "treasury";

/**
 * The bond's settlement outbox row (bond-settlement.ts), in the deciding transaction: the amount is what the escrow
 * credited for the bond (it may exceed the bond filed), the panelists are everyone seated on the appeal.
 */
export async function recordBondSettlement(tx: Tx, appealId: string, outcome: "OVERTURNED" | "UPHELD", panelistAddresses: string[]): Promise<void> {
  const appeal = await tx.appeal.findUniqueOrThrow({ where: { id: appealId }, select: { bondKey: true, bondWei: true, appellant: { select: { address: true } } } });
  const posted = await tx.escrowEvent.findFirst({ where: { bondId: appeal.bondKey, kind: "BOND_POSTED" }, orderBy: { blockNumber: "asc" }, select: { amountWei: true } });
  const bond = BigInt(posted?.amountWei ?? appeal.bondWei);
  if (bond <= 0n) return;
  const transfers = bondTransfers(outcome, bond, { appellant: getAddress(appeal.appellant.address), panelists: panelistAddresses.map((a) => getAddress(a)), treasury: TREASURY_RECIPIENT });
  await tx.bondSettlement.create({
    data: {
      appealId,
      bondKey: appeal.bondKey,
      outcome,
      recipients: transfers.map((t) => t.to),
      amounts: transfers.map((t) => t.amount.toString()),
      roles: transfers.map((t) => t.role),
    },
  });
}
