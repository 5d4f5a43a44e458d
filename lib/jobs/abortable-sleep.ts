/**
 * Waits `ms`, or less if `signal` aborts. The abort listener is removed when the wait ends: a loop that sleeps
 * between polls would otherwise add one per poll to a signal that lives as long as the process.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
