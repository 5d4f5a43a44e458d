// The lease that keeps a second payout worker out of the send loop.
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { LEASE_MS, PAYOUT_JOB_ID, acquireLease, releaseLease } from "@/lib/server/payouts/worker-control";
import { resetDb } from "../support/db-reset";

beforeEach(resetDb);

describe("payout worker lease", () => {
  it("has one holder at a time; the holder renews it; a released or expired lease can be taken", async () => {
    const now = new Date();
    expect(await acquireLease("elsewhere:1:a", now)).toEqual({ ok: true });
    expect(await acquireLease("elsewhere:2:b", now)).toEqual({ ok: false, holder: "elsewhere:1:a" });
    expect(await acquireLease("elsewhere:1:a", new Date(now.getTime() + 1_000))).toEqual({ ok: true });
    expect(await acquireLease("elsewhere:2:b", new Date(now.getTime() + LEASE_MS))).toEqual({ ok: false, holder: "elsewhere:1:a" });
    expect(await acquireLease("elsewhere:2:b", new Date(now.getTime() + 1_000 + LEASE_MS + 1))).toEqual({ ok: true });
    await releaseLease("elsewhere:2:b");
    expect(await acquireLease("elsewhere:3:c", now)).toEqual({ ok: true });
  });

  it("is taken at once from a holder on this host whose process is gone, but not from a live one", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    const live = `${hostname()}:${child.pid}:x`;
    expect(await acquireLease(live)).toEqual({ ok: true });
    expect(await acquireLease(`${hostname()}:${process.pid}:me`)).toEqual({ ok: false, holder: live });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    expect(await acquireLease(`${hostname()}:${process.pid}:me`)).toEqual({ ok: true });
    expect((await db.workerControl.findUniqueOrThrow({ where: { id: PAYOUT_JOB_ID } })).leaseOwner).toBe(`${hostname()}:${process.pid}:me`);
  });

  it("lets only one of many racing workers win", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireLease(`elsewhere:${i}:r`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
