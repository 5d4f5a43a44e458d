"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { Address } from "viem";
import { shortAddress } from "@/lib/format";
import { DataBalance } from "./data-balance";

type Props = { address: Address; name: string | null; busy: boolean; onSignOut: () => void };

/**
 * The menu under the signed-in wallet's address (the WAI-ARIA menu button pattern): what belongs to this wallet.
 * Arrow keys, Home and End move between items; Escape closes and returns to the button; Tab closes and moves on.
 */
export function AccountMenu({ address, name, busy, onSignOut }: Props) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();

  if (open && openedAt !== pathname) setOpen(false);

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const focusItem = (index: number) => {
    const all = items();
    all[(index + all.length) % all.length]?.focus();
  };
  const openMenu = (focus: "first" | "last" | null) => {
    setOpenedAt(pathname);
    setOpen(true);
    if (focus) requestAnimationFrame(() => focusItem(focus === "first" ? 0 : -1));
  };
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };

  // A click anywhere else closes the menu.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openMenu("first");
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      openMenu("last");
    } else if (event.key === "Escape" && open) {
      close(true);
    }
  };
  const onMenuKey = (event: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      focusItem(at + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      focusItem(at - 1);
    } else if (event.key === "Home") {
      event.preventDefault();
      focusItem(0);
    } else if (event.key === "End") {
      event.preventDefault();
      focusItem(-1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  };

  const item = "block w-full rounded-md px-3 py-2 text-left text-sm text-slate-800 hover:bg-brand-50 focus:bg-brand-50 focus:outline-none";
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openMenu(null))}
        onKeyDown={onButtonKey}
        className="flex items-center gap-2 rounded-md border border-slate-300 bg-white px-2 py-1 text-left leading-tight hover:bg-slate-50"
      >
        <span className="sr-only">Account menu: </span>
        <span>
          <span className="block font-mono text-sm" data-testid="session-address">
            {shortAddress(address)}
          </span>
          <span className="block text-xs text-slate-600">
            {name && <span className="hidden sm:inline">{name} · </span>}
            <DataBalance address={address} />
          </span>
        </span>
        <svg aria-hidden viewBox="0 0 20 20" className={`h-4 w-4 shrink-0 text-slate-500 transition-transform ${open ? "rotate-180" : ""}`} fill="currentColor">
          <path d="M5.3 7.3 10 12l4.7-4.7 1.3 1.4-6 6-6-6z" />
        </svg>
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label="Your account"
          onKeyDown={onMenuKey}
          className="absolute right-0 z-40 mt-2 w-56 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
        >
          <p className="break-all px-3 py-2 font-mono text-xs text-slate-600" role="none">
            {address}
          </p>
          <Link role="menuitem" tabIndex={-1} href={`/users/${address.toLowerCase()}`} className={item}>
            Profile and reputation
          </Link>
          <Link role="menuitem" tabIndex={-1} href="/earnings" className={item}>
            Earnings
          </Link>
          <Link role="menuitem" tabIndex={-1} href="/purchases" className={item}>
            Purchases
          </Link>
          <Link role="menuitem" tabIndex={-1} href="/settings/api-keys" className={item}>
            API keys
          </Link>
          <Link role="menuitem" tabIndex={-1} href="/stakes" className={item}>
            Stakes
          </Link>
          <div role="separator" className="my-1 border-t border-slate-100" />
          <button role="menuitem" tabIndex={-1} type="button" disabled={busy} onClick={onSignOut} className={`${item} disabled:opacity-50`}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
