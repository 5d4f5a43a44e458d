// One poll of the chain's block number per page, shared by every component that follows new blocks, and a signal
// for this browser's own transactions, so that what they changed is read again at once rather than at the next poll.
import { readBlockNumber } from "./rpc-read";

/** wagmi's default polling interval, which these reads replaced. */
const POLL_MS = 4_000;

type Listener = () => void;
const blockListeners = new Set<Listener>();
const writeListeners = new Set<Listener>();
let latest: bigint | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

async function poll(): Promise<void> {
  let block: bigint;
  try {
    block = await readBlockNumber();
  } catch {
    return; // The next poll tries again; readers show their own errors.
  }
  const changed = latest !== undefined && block !== latest;
  latest = block;
  if (changed) for (const listener of blockListeners) listener();
}

/** Calls `onNewBlock` whenever the chain grows past the block seen when watching began; returns the unsubscriber. */
export function watchBlocks(onNewBlock: Listener): () => void {
  blockListeners.add(onNewBlock);
  if (timer === undefined) {
    void poll();
    timer = setInterval(() => void poll(), POLL_MS);
  }
  return () => {
    blockListeners.delete(onNewBlock);
    if (blockListeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
      latest = undefined;
    }
  };
}

/** Calls `onWrite` when this browser's own transaction was mined; returns the unsubscriber. */
export function watchOwnWrites(onWrite: Listener): () => void {
  writeListeners.add(onWrite);
  return () => void writeListeners.delete(onWrite);
}

/** Says that a transaction sent from this page was mined: balances are read again now, and the block poll runs. */
export function announceOwnWrite(): void {
  for (const listener of writeListeners) listener();
  if (timer !== undefined) void poll();
}
