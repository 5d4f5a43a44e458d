// The worker's auth purger (lib/jobs/auth-purger.ts, started by scripts/worker.ts): anonymous nonce requests, ended
// sessions and the rate-limit windows of /api/auth/nonce and /api/rpc must not pile up for ever. auth-sign-in.test.ts
// covers nonces and sessions in purgeExpiredAuth; this covers the rate-limit counters and the loop itself.
import { beforeEach, describe, expect, it } from "vitest";
import { runAuthPurger } from "@/lib/jobs/auth-purger";
import { issueNonce } from "@/lib/server/auth/issue-nonce";
import { purgeExpiredAuth } from "@/lib/server/auth/purge-expired";
import { db } from "@/lib/server/db";
import { takeRateLimit } from "@/lib/server/rate-limit";
import { resetDb } from "../support/db-reset";

const MINUTE = 60_000;
beforeEach(resetDb);

describe("auth purger", () => {
  it("deletes rate-limit windows that have ended and keeps running ones, which still count", async () => {
    const now = Date.now();
    const limit = { max: 2, windowMs: 10 * MINUTE };
    await takeRateLimit("rpc:198.51.100.1", limit, 1, now - 11 * MINUTE); // its window ended a minute ago
    await takeRateLimit("nonce:198.51.100.2", limit, 2, now - MINUTE); // full, for nine more minutes
    expect(await purgeExpiredAuth(new Date(now))).toMatchObject({ rateLimitCounters: 1 });
    expect((await db.rateLimitCounter.findMany()).map((c) => c.key)).toEqual(["nonce:198.51.100.2"]);
    // The live window was not reset by the purge: the client is still over its limit.
    await expect(takeRateLimit("nonce:198.51.100.2", limit, 1, now)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("runs in the worker's loop until stopped, purging expired nonces and keeping live ones", async () => {
    const stale = await issueNonce({ client: "198.51.100.3", now: new Date(Date.now() - 11 * MINUTE) });
    const live = await issueNonce({ client: "198.51.100.3" });
    const controller = new AbortController();
    const lines: string[] = [];
    const loop = runAuthPurger({ pollMs: 60_000, log: (line) => lines.push(line), signal: controller.signal });
    await expect.poll(async () => (await db.authNonce.findMany()).map((n) => n.value)).toEqual([live.nonce]);
    controller.abort();
    await loop;
    expect(stale.nonce).not.toBe(live.nonce);
    expect(lines.join("\n")).toMatch(/auth purger: removed 1 expired nonce\(s\) and 0 ended session\(s\)/);
  });
});
