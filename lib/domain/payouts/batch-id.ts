// The on-chain batch id: a pure function of the rows a batch pays, so that the same batch always has the same id (the
// contract pays an id once) and different batches never share one. A row's `round` counts the failed batches that
// released it, so a batch re-formed from exactly the same rows still gets a new id.
import { encodeAbiParameters, keccak256, toHex, type Hex } from "viem";

export type BatchIdRow = { id: string; amountWei: bigint; round: number };

const DOMAIN = keccak256(toHex("tessera.payout-batch.v1"));

export function deriveBatchId(rows: readonly BatchIdRow[]): Hex {
  if (rows.length === 0) throw new Error("a batch needs at least one row");
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new Error(`row ${sorted[i]!.id} is listed twice`);
  }
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "string[]" }, { type: "uint256[]" }, { type: "uint256[]" }],
      [DOMAIN, sorted.map((r) => r.id), sorted.map((r) => r.amountWei), sorted.map((r) => BigInt(r.round))],
    ),
  );
}
