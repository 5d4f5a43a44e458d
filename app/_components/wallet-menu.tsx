"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { Address } from "viem";
import { DEMO_CAST } from "@/lib/demo-cast";
import { shortAddress } from "@/lib/format";
import { useChainConfig } from "@/lib/web3/chain-config-context";
import { signOutRequest } from "@/lib/web3/session-requests";
import type { WalletChoice } from "@/lib/web3/wallet-session";
import { AccountMenu } from "./account-menu";

/** `address` is checksummed by the server: checksumming here would bring keccak256 to every page. */
export type HeaderUser = { address: Address; displayName: string | null; roles: string[] };

// The wallet stack (wagmi, connectors, viem's signing) is fetched when someone is about to pick a wallet, not with the
// page.
const loadWalletSession = () => import("@/lib/web3/wallet-session");
const UNREACHABLE = "The wallet code could not be loaded. Check your connection and try again.";

export function WalletMenu({ user }: { user: HeaderUser | null }) {
  const router = useRouter();
  const chainConfig = useChainConfig();
  const { devWalletEnabled } = chainConfig;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  async function connectAndSignIn(choice: WalletChoice, label: string) {
    setBusy(label);
    setError(null);
    try {
      const failure = await loadWalletSession().then(
        (wallet) => wallet.connectAndSignIn(chainConfig, choice),
        () => UNREACHABLE,
      );
      if (failure) {
        setError(failure);
        return;
      }
      setOpen(false);
      router.refresh();
    } finally {
      setBusy(null);
    }
  }

  async function signOut() {
    setBusy("signout");
    try {
      await signOutRequest();
      await loadWalletSession()
        .then((wallet) => wallet.disconnectWallet(chainConfig))
        .catch(() => undefined);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Signing out failed.");
    } finally {
      setBusy(null);
    }
  }

  function toggleSignIn() {
    if (!open) void loadWalletSession().catch(() => undefined);
    setOpen((v) => !v);
  }

  if (user) {
    const person = DEMO_CAST.find((p) => p.address.toLowerCase() === user.address.toLowerCase());
    return (
      <div className="flex items-center gap-2 text-sm">
        <AccountMenu
          address={user.address}
          name={person && devWalletEnabled ? person.name : (user.displayName ?? null)}
          onSignOut={signOut}
          busy={busy !== null}
        />
        {error && <p role="alert" className="text-xs text-red-700">{error}</p>}
      </div>
    );
  }

  return (
    <div className="relative">
      <button
        type="button"
        onClick={toggleSignIn}
        aria-expanded={open}
        className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        Sign in
      </button>
      {open && (
        <div
          ref={panel}
          role="dialog"
          aria-label="Sign in with your wallet"
          className="absolute right-0 z-40 mt-2 w-80 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-4 shadow-lg"
        >
          <p className="mb-3 text-sm text-slate-600">Sign in with your Ethereum wallet. You sign a message; nothing is sent on-chain.</p>
          <button
            type="button"
            onClick={() => connectAndSignIn({ connectorId: "injected" }, "injected")}
            disabled={busy !== null}
            className="mb-3 w-full rounded-md border border-slate-300 px-3 py-2 text-left text-sm hover:bg-slate-50 disabled:opacity-50"
          >
            {busy === "injected" ? "Waiting for your wallet…" : "Browser wallet (MetaMask, …)"}
          </button>
          {devWalletEnabled && (
            <div>
              <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Dev wallets (local chain only)</p>
              <ul className="max-h-72 space-y-1 overflow-auto">
                {DEMO_CAST.map((person) => {
                  const label = `dev-${person.index}`;
                  return (
                    <li key={person.index}>
                      <button
                        type="button"
                        onClick={() => connectAndSignIn({ connectorId: "devWallet", devIndex: person.index }, label)}
                        disabled={busy !== null}
                        className="flex w-full items-center justify-between rounded-md px-2 py-1.5 text-left text-sm hover:bg-brand-50 disabled:opacity-50"
                      >
                        <span>
                          {person.name} <span className="text-slate-500">({person.role})</span>
                        </span>
                        <span className="font-mono text-xs text-slate-500">
                          {busy === label ? "signing…" : shortAddress(person.address)}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
          {error && (
            <p role="alert" className="mt-3 rounded-md bg-red-50 p-2 text-sm text-red-800">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
