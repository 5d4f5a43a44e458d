"use client";
// A wagmi connector for the local dev chain only: it signs with the well-known Hardhat accounts in the browser, so
// the demo works without an extension. Reads and raw transactions go to the app's RPC proxy.
import { createConnector } from "wagmi";
import {
  createWalletClient,
  custom,
  fromHex,
  getAddress,
  numberToHex,
  type Address,
  type Chain,
  type EIP1193RequestFn,
  type Hex,
} from "viem";
import type { HDAccount } from "viem/accounts";
import { DEMO_CAST, HARDHAT_MNEMONIC } from "@/lib/demo-cast";

const STORAGE_KEY = "tessera.devWallet.index";

type RpcRequest = { method: string; params?: unknown };

async function forward(url: string, { method, params }: RpcRequest): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: Date.now(), method, params: params ?? [] }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
  if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
  return body.result;
}

const accountCache = new Map<number, Promise<HDAccount>>();

/**
 * The signing account of a dev wallet, derived once (PBKDF2 is slow in the browser). The key derivation code (BIP-39,
 * BIP-32, secp256k1) is loaded only when a dev wallet first signs, not with every page.
 */
export function devAccount(index: number): Promise<HDAccount> {
  let account = accountCache.get(index);
  if (!account) {
    account = import("viem/accounts").then(({ mnemonicToAccount }) => mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }));
    accountCache.set(index, account);
  }
  return account;
}

async function devAddress(index: number): Promise<Address> {
  return DEMO_CAST.find((p) => p.index === index)?.address ?? (await devAccount(index)).address;
}

export function devWallet(parameters: { chain: Chain; rpcUrl: () => string }) {
  let selected: number | null = null;

  const readSelection = (): number | null => {
    if (selected !== null) return selected;
    const stored = typeof window === "undefined" ? null : window.localStorage.getItem(STORAGE_KEY);
    return stored === null ? null : Number(stored);
  };

  return createConnector((config) => {
    const request: EIP1193RequestFn = (async ({ method, params }: RpcRequest) => {
      const index = readSelection();
      const needsKey = method === "personal_sign" || method === "eth_signTypedData_v4" || method === "eth_sendTransaction";
      const account = index !== null && needsKey ? await devAccount(index) : null;
      const args = (params ?? []) as unknown[];
      switch (method) {
        case "eth_chainId":
          return numberToHex(parameters.chain.id);
        case "eth_accounts":
        case "eth_requestAccounts":
          return index === null ? [] : [await devAddress(index)];
        case "personal_sign": {
          if (!account) throw new Error("Pick a dev wallet first.");
          return account.signMessage({ message: { raw: args[0] as Hex } });
        }
        case "eth_signTypedData_v4": {
          if (!account) throw new Error("Pick a dev wallet first.");
          const typed = JSON.parse(args[1] as string);
          return account.signTypedData(typed);
        }
        case "eth_sendTransaction": {
          if (!account) throw new Error("Pick a dev wallet first.");
          const tx = args[0] as { to?: Address; data?: Hex; value?: Hex; gas?: Hex };
          const wallet = createWalletClient({
            account,
            chain: parameters.chain,
            transport: custom({ request: (req: RpcRequest) => forward(parameters.rpcUrl(), req) }),
          });
          return wallet.sendTransaction({
            to: tx.to,
            data: tx.data,
            value: tx.value ? fromHex(tx.value, "bigint") : undefined,
            gas: tx.gas ? fromHex(tx.gas, "bigint") : undefined,
          });
        }
        case "wallet_switchEthereumChain": {
          const wanted = fromHex((args[0] as { chainId: Hex }).chainId, "number");
          if (wanted !== parameters.chain.id) throw Object.assign(new Error(`The dev wallet only knows chain ${parameters.chain.id}.`), { code: 4902 });
          return null;
        }
        default:
          return forward(parameters.rpcUrl(), { method, params });
      }
    }) as EIP1193RequestFn;
    const provider = { request, on: () => undefined, removeListener: () => undefined };

    return {
      id: "devWallet",
      name: "Dev wallet",
      type: "devWallet",
      async connect<withCapabilities extends boolean = false>(params?: { chainId?: number; isReconnecting?: boolean; withCapabilities?: withCapabilities }) {
        const index = readSelection();
        if (index === null) throw new Error("Pick a dev wallet first.");
        const address = await devAddress(index);
        const accounts = params?.withCapabilities ? [{ address, capabilities: {} }] : [address];
        return { accounts: accounts as never, chainId: parameters.chain.id };
      },
      async disconnect() {
        selected = null;
        if (typeof window !== "undefined") window.localStorage.removeItem(STORAGE_KEY);
      },
      async getAccounts() {
        const index = readSelection();
        return index === null ? [] : [getAddress(await devAddress(index))];
      },
      async getChainId() {
        return parameters.chain.id;
      },
      async getProvider() {
        return provider;
      },
      async isAuthorized() {
        return readSelection() !== null;
      },
      async switchChain({ chainId }: { chainId: number }) {
        const chain = config.chains.find((c) => c.id === chainId);
        if (!chain || chainId !== parameters.chain.id) throw new Error(`The dev wallet only knows chain ${parameters.chain.id}.`);
        return chain;
      },
      onAccountsChanged(accounts: string[]) {
        config.emitter.emit("change", { accounts: accounts.map((a) => getAddress(a)) });
      },
      onChainChanged(chainId: string) {
        config.emitter.emit("change", { chainId: Number(chainId) });
      },
      onDisconnect() {
        config.emitter.emit("disconnect");
      },
    };
  });
}

/** Chooses which Hardhat account the dev wallet signs with; remembered across reloads. */
export function selectDevAccount(index: number): void {
  window.localStorage.setItem(STORAGE_KEY, String(index));
}
