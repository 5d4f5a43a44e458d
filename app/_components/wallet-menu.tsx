"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { erc20Abi, getAddress, type Address } from "viem";
import { useConnect, useConnectors, useDisconnect, useReadContract } from "wagmi";
import { DEMO_CAST } from "@/lib/demo-cast";
import { formatData, shortAddress } from "@/lib/format";
import { useChainConfig } from "@/lib/web3/chain-config-context";
import { selectDevAccount } from "@/lib/web3/dev-wallet-connector";
import { signOutRequest, useSiweSignIn } from "@/lib/web3/use-siwe";
import { describeWalletError } from "@/lib/web3/wallet-errors";

export type HeaderUser = { address: string; displayName: string | null; roles: string[] };

function DataBalance({ address }: { address: Address }) {
  const { tokenAddress } = useChainConfig();
  const balance = useReadContract({
    address: tokenAddress ?? undefined,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [address],
    query: { enabled: tokenAddress !== null, refetchInterval: 10_000 },
  });
  if (!tokenAddress) return <span className="text-slate-400">DATA not deployed</span>;
  if (balance.isError) return <span className="text-amber-700" title={describeWalletError(balance.error)}>balance unavailable</span>;
  if (balance.data === undefined) return <span className="text-slate-400">… DATA</span>;
  return <span data-testid="data-balance">{formatData(balance.data)} DATA</span>;
}

export function WalletMenu({ user }: { user: HeaderUser | null }) {
  const router = useRouter();
  const { chainId, devWalletEnabled } = useChainConfig();
  const connectors = useConnectors();
  const { connectAsync } = useConnect();
  const { disconnectAsync } = useDisconnect();
  const signIn = useSiweSignIn();
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

  async function connectAndSignIn(connectorId: string, label: string, devIndex?: number) {
    setBusy(label);
    setError(null);
    try {
      const connector = connectors.find((c) => c.id === connectorId);
      if (!connector) throw new Error("No browser wallet was found. Install MetaMask, or use a dev wallet on the local chain.");
      if (devIndex !== undefined) selectDevAccount(devIndex);
      await disconnectAsync().catch(() => undefined);
      const { accounts } = await connectAsync({ connector, chainId });
      const account = accounts[0];
      if (!account) throw new Error("The wallet did not share an account.");
      await signIn(getAddress(account), chainId);
      setOpen(false);
      router.refresh();
    } catch (e) {
      setError(describeWalletError(e));
    } finally {
      setBusy(null);
    }
  }

  async function signOut() {
    setBusy("signout");
    try {
      await signOutRequest();
      await disconnectAsync().catch(() => undefined);
      router.refresh();
    } catch (e) {
      setError(describeWalletError(e));
    } finally {
      setBusy(null);
    }
  }

  if (user) {
    const person = DEMO_CAST.find((p) => p.address.toLowerCase() === user.address);
    return (
      <div className="flex items-center gap-3 text-sm">
        <div className="text-right leading-tight">
          <Link href={`/users/${user.address}`} className="block font-mono hover:underline" data-testid="session-address" title={`${user.address}: your reputation`}>
            {shortAddress(getAddress(user.address))}
          </Link>
          <div className="text-xs text-slate-500">
            {person && devWalletEnabled ? `${person.name} · ` : ""}
            <DataBalance address={getAddress(user.address)} />
          </div>
        </div>
        <button
          type="button"
          onClick={signOut}
          disabled={busy !== null}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100 disabled:opacity-50"
        >
          Sign out
        </button>
        {error && <p role="alert" className="text-xs text-red-700">{error}</p>}
      </div>
    );
  }

  return (
    <div className="relative">
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
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
          className="absolute right-0 z-20 mt-2 w-80 rounded-lg border border-slate-200 bg-white p-4 shadow-lg"
        >
          <p className="mb-3 text-sm text-slate-600">Sign in with your Ethereum wallet. You sign a message; nothing is sent on-chain.</p>
          <button
            type="button"
            onClick={() => connectAndSignIn("injected", "injected")}
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
                        onClick={() => connectAndSignIn("devWallet", label, person.index)}
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
