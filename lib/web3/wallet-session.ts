"use client";
// Connecting a wallet and Sign-In with Ethereum, and disconnecting at sign-out. The header imports this module only
// when someone picks a wallet or signs out, so that wagmi, the connectors and viem's signing code stay off every page.
import { getAddress } from "viem";
import { createSiweMessage } from "viem/siwe";
import { connect, disconnect, signMessage } from "wagmi/actions";
import type { PublicChainConfig } from "./chain-config-context";
import { walletStack } from "./config";
import { selectDevAccount } from "./dev-wallet-connector";
import { fetchSignInNonce, verifySignIn } from "./session-requests";
import { describeWalletError } from "./wallet-errors";

export type WalletChoice = { connectorId: "injected" } | { connectorId: "devWallet"; devIndex: number };

/**
 * Connects the chosen wallet, signs the EIP-4361 message for a fresh server nonce and lets the server open a session.
 * Returns null on success, else a sentence for people.
 */
export async function connectAndSignIn(chainConfig: PublicChainConfig, choice: WalletChoice): Promise<string | null> {
  try {
    const { config, reconnected } = walletStack(chainConfig);
    await reconnected;
    const connector = config.connectors.find((c) => c.id === choice.connectorId);
    if (!connector) throw new Error("No browser wallet was found. Install MetaMask, or use a dev wallet on the local chain.");
    // Before choosing: disconnecting the dev wallet forgets which account it signs with.
    await disconnect(config).catch(() => undefined);
    if (choice.connectorId === "devWallet") selectDevAccount(choice.devIndex);
    const { accounts } = await connect(config, { connector, chainId: chainConfig.chainId });
    const account = accounts[0];
    if (!account) throw new Error("The wallet did not share an account.");
    const address = getAddress(account);
    const message = createSiweMessage({
      domain: window.location.host,
      address,
      statement: "Sign in to Tessera.",
      uri: window.location.origin,
      version: "1",
      chainId: chainConfig.chainId,
      nonce: await fetchSignInNonce(),
      issuedAt: new Date(),
    });
    const signature = await signMessage(config, { account: address, message });
    await verifySignIn(message, signature);
    return null;
  } catch (error) {
    return describeWalletError(error);
  }
}

/** Disconnects whatever wallet this browser connected, so that the next sign-in starts from a clean choice. */
export async function disconnectWallet(chainConfig: PublicChainConfig): Promise<void> {
  const { config, reconnected } = walletStack(chainConfig);
  await reconnected;
  await disconnect(config);
}
