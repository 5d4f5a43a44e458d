import "server-only";
import type { Address, LocalAccount, PublicClient } from "viem";
import type { CrashPoint } from "@/lib/domain/payouts/crash-points";
import type { Env } from "@/lib/env";

/** What the payout worker's steps need, handed in by the worker so tests can point it anywhere. */
export type PayoutContext = {
  chainId: number;
  publicClient: PublicClient;
  /** The payer: signs locally, so a transaction is recorded before it leaves the process. */
  account: LocalAccount;
  distributor: Address;
  settings: Env["payouts"];
  /** Tests only: SIGKILLs the process at a configured step; a no-op otherwise. */
  crash: (point: CrashPoint) => void;
  /** Renews this worker's lease; throws when another worker took it, so nothing more is sent. */
  assertLease: () => Promise<void>;
  log: (message: string) => void;
  now: () => Date;
};
