"use client";
import { useSyncExternalStore } from "react";

const never = () => () => undefined;

/** False on the server and during hydration, true once the page runs in the browser: for client-only parts. */
export function useInBrowser(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
