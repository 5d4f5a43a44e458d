// The ERC-2612 permit a buyer signs for DatasetRegistry.purchaseWithPermit: one signature instead of an approve
// transaction. Shared by the browser (wagmi's signTypedData) and the tests, so both sign exactly the same message.
import { parseSignature, type Address, type Hex } from "viem";

/** DataToken's EIP-712 domain: ERC20Permit("Tessera Data"), version "1". */
export const DATA_PERMIT_NAME = "Tessera Data";

export function permitTypedData(p: { token: Address; chainId: number; owner: Address; spender: Address; value: bigint; nonce: bigint; deadline: bigint }) {
  return {
    domain: { name: DATA_PERMIT_NAME, version: "1", chainId: p.chainId, verifyingContract: p.token },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: p.owner, spender: p.spender, value: p.value, nonce: p.nonce, deadline: p.deadline },
  } as const;
}

/** v, r, s of a 65-byte signature, as purchaseWithPermit takes them. */
export function permitSignatureParts(signature: Hex): { v: number; r: Hex; s: Hex } {
  const { v, r, s, yParity } = parseSignature(signature);
  return { v: Number(v ?? BigInt(27 + (yParity ?? 0))), r, s };
}
