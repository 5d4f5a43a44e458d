"use client";
import { useCallback } from "react";
import { createSiweMessage } from "viem/siwe";
import { useSignMessage } from "wagmi";
import type { Address } from "viem";

async function jsonOrError(response: Response): Promise<unknown> {
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `Request failed with status ${response.status}`);
  return body;
}

/** Sign-In with Ethereum: fetch a server nonce, sign the EIP-4361 message, let the server open a session. */
export function useSiweSignIn() {
  const { signMessageAsync } = useSignMessage();
  return useCallback(
    async (address: Address, chainId: number) => {
      const { nonce } = (await jsonOrError(await fetch("/api/auth/nonce", { cache: "no-store" }))) as { nonce: string };
      const message = createSiweMessage({
        domain: window.location.host,
        address,
        statement: "Sign in to Tessera.",
        uri: window.location.origin,
        version: "1",
        chainId,
        nonce,
        issuedAt: new Date(),
      });
      const signature = await signMessageAsync({ account: address, message });
      await jsonOrError(
        await fetch("/api/auth/verify", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ message, signature }),
        }),
      );
    },
    [signMessageAsync],
  );
}

export async function signOutRequest(): Promise<void> {
  await jsonOrError(await fetch("/api/auth/signout", { method: "POST" }));
}
