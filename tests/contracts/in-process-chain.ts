// Hardhat's in-process network behind viem clients, for contract tests: no node process, no port, ~ms per transaction.
import {
  createPublicClient,
  createWalletClient,
  custom,
  type Account,
  type Chain,
  type EIP1193Provider,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

/** Hardhat's well-known development mnemonic: accounts #0.. are funded with 10 000 ETH on the hardhat network. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export type TestWallet = WalletClient<Transport, Chain, Account>;

export type InProcessChain = {
  publicClient: PublicClient;
  /** A wallet signing locally with Hardhat account #`index`, as the app signs with its private key. */
  wallet(index: number): TestWallet;
  snapshot(): Promise<Hex>;
  /** Returns the chain to `id`; false means the snapshot was unknown (each id can be reverted to once). */
  revert(id: Hex): Promise<boolean>;
  /** Moves the chain's clock `seconds` forward and mines a block at the new time. */
  increaseTime(seconds: number): Promise<void>;
};

type Request = (args: { method: string; params?: readonly unknown[] | object }) => Promise<unknown>;

/**
 * The in-process provider throws its own SolidityError (revert data in `data`, no JSON-RPC `code`) where a node
 * answers with an "execution reverted" JSON-RPC error (code 3, data = revert bytes). viem only decodes the latter
 * into ContractFunctionRevertedError, so this reshapes the former; everything else passes through untouched.
 */
function asJsonRpcErrors(request: Request): Request {
  return async (args) => {
    try {
      return await request(args);
    } catch (error) {
      const e = error as { code?: unknown; data?: unknown; message?: string };
      if (e && e.code === undefined && typeof e.data === "string" && e.data.startsWith("0x")) {
        throw { code: 3, message: e.message ?? "execution reverted", data: e.data };
      }
      throw error;
    }
  };
}

export async function inProcessChain(): Promise<InProcessChain> {
  // Loaded lazily: requiring "hardhat" reads hardhat.config.cjs from the working directory (the repository root).
  const hre = (await import("hardhat")).default;
  const request = asJsonRpcErrors(hre.network.provider.request.bind(hre.network.provider));
  // No retries: a revert is an answer, not a transient failure, and retrying it only slows the test down.
  const transport = custom({ request } as EIP1193Provider, { retryCount: 0 });
  const chainId = Number(await request({ method: "eth_chainId" }));
  if (chainId !== hardhat.id) throw new Error(`expected the hardhat network (chain ${hardhat.id}), got chain ${chainId}`);

  return {
    publicClient: createPublicClient({ chain: hardhat, transport }),
    wallet: (index) => createWalletClient({ account: mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }), chain: hardhat, transport }),
    snapshot: async () => (await request({ method: "evm_snapshot" })) as Hex,
    revert: async (id) => (await request({ method: "evm_revert", params: [id] })) === true,
    increaseTime: async (seconds) => {
      await request({ method: "evm_increaseTime", params: [seconds] });
      await request({ method: "evm_mine" });
    },
  };
}
