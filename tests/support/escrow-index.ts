// The escrow indexer run until it has read the chain's head: shared by the escrow tests and the Sybil bench (no
// vitest here, so that a bench can import it).
import { createTesseraPublicClient } from "@/lib/chain/clients";
import type { IndexStep } from "@/lib/server/chain/index-events";
import { indexEscrow } from "@/lib/server/trust/index-escrow";

/** Runs the escrow indexer until it has read the chain's head; returns every step. */
export async function indexEscrowToHead(): Promise<IndexStep[]> {
  const publicClient = createTesseraPublicClient();
  const steps: IndexStep[] = [];
  for (;;) {
    const step = await indexEscrow(publicClient);
    steps.push(step);
    if ("idle" in step) return steps;
  }
}
