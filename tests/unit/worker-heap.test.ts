import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKER_MAX_OLD_SPACE_MB, workerNodeOptions } from "@/lib/jobs/worker-heap";

describe("the worker's heap cap", () => {
  it.each([
    [undefined, `--max-old-space-size=${WORKER_MAX_OLD_SPACE_MB}`],
    ["", `--max-old-space-size=${WORKER_MAX_OLD_SPACE_MB}`],
    ["--enable-source-maps", `--enable-source-maps --max-old-space-size=${WORKER_MAX_OLD_SPACE_MB}`],
  ])("adds the cap to NODE_OPTIONS %j", (existing, expected) => {
    expect(workerNodeOptions(existing)).toBe(expected);
  });

  it("is the same for `npm run worker` as for the worker `npm start` runs", () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.worker).toContain(`--max-old-space-size=${WORKER_MAX_OLD_SPACE_MB}`);
  });
});
