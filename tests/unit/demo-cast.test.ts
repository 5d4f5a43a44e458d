import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { DEMO_CAST, HARDHAT_MNEMONIC } from "@/lib/demo-cast";

describe("DEMO_CAST", () => {
  it.each(DEMO_CAST)("$name's literal address is the one the Hardhat mnemonic derives at index $index", ({ index, address }) => {
    expect(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }).address).toBe(address);
  });
});
