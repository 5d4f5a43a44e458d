import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hasExportRequests, prebuilderAlive, requestExport, takeExportRequests, touchPrebuilderHeartbeat } from "@/lib/server/datasets/export-requests";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tessera-export-requests-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("export requests: the web process hands unbuilt downloads to a running worker", () => {
  it.each([
    ["never touched", null, false],
    ["touched just now", 0, true],
    ["touched 2 s ago", 2_000, true],
    ["touched 4 s ago (the worker stopped)", 4_000, false],
  ] as const)("counts a prebuilder heartbeat %s as %s", async (_name, ageMs, alive) => {
    const now = Date.now();
    if (ageMs !== null) await touchPrebuilderHeartbeat(dir, new Date(now - ageMs));
    expect(await prebuilderAlive(dir, now)).toBe(alive);
  });

  it("touches an existing heartbeat again", async () => {
    await touchPrebuilderHeartbeat(dir, new Date(Date.now() - 60_000));
    expect(await prebuilderAlive(dir)).toBe(false);
    await touchPrebuilderHeartbeat(dir);
    expect(await prebuilderAlive(dir)).toBe(true);
  });

  it("takes each request once, oldest first, and leaves no file behind", async () => {
    expect(await takeExportRequests(dir)).toEqual([]); // no .tmp folder yet
    await requestExport(dir, "k2", { versionId: "v2", format: "csv" });
    await requestExport(dir, "k1", { versionId: "v1", format: "parquet" });
    const older = new Date(Date.now() - 5_000);
    utimesSync(path.join(dir, ".tmp", "k1.zip.wanted"), older, older);
    await requestExport(dir, "k2", { versionId: "v2", format: "csv" }); // asked twice: one request
    expect(await hasExportRequests(dir)).toBe(true);
    expect(await takeExportRequests(dir)).toEqual([
      { versionId: "v1", format: "parquet" },
      { versionId: "v2", format: "csv" },
    ]);
    expect(await hasExportRequests(dir)).toBe(false);
    expect(await takeExportRequests(dir)).toEqual([]);
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual([]);
  });

  it.each([
    ["not JSON", "{"],
    ["an unknown format", JSON.stringify({ versionId: "v", format: "xlsx" })],
    ["no version", JSON.stringify({ format: "csv" })],
  ])("drops a request file with %s", async (_name, text) => {
    await requestExport(dir, "ok", { versionId: "v", format: "jsonl" });
    writeFileSync(path.join(dir, ".tmp", "bad.zip.wanted"), text);
    expect(await takeExportRequests(dir)).toEqual([{ versionId: "v", format: "jsonl" }]);
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual([]);
  });
});
