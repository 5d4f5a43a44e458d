// `npm start` builds only when the sources changed since the last build: the stamp's decisions on a throwaway tree.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildState, clearStamp, sourceHash, writeStamp } from "../../../scripts/lib/build-stamp";

let root: string;
let distDir: string;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};
const built = () => {
  write(".next/BUILD_ID", "abc");
  writeStamp(distDir, sourceHash(root));
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "tessera-stamp-"));
  distDir = path.join(root, ".next");
  write("app/page.tsx", "export default 1;");
  write("lib/a.ts", "export const a = 1;");
  write("next.config.ts", "export default {};");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the production build's source stamp", () => {
  it("asks for a build when there is none", () => {
    expect(buildState(root, distDir)).toEqual({ current: false, reason: "no production build yet" });
  });

  it("takes a stamped build of the same sources as current, also after a touch or a reverted edit", () => {
    built();
    expect(buildState(root, distDir)).toEqual({ current: true });
    write("lib/a.ts", "export const a = 2;");
    write("lib/a.ts", "export const a = 1;");
    expect(buildState(root, distDir)).toEqual({ current: true });
  });

  const changes: { name: string; change: () => void }[] = [
    { name: "an edited source", change: () => write("lib/a.ts", "export const a = 2;") },
    { name: "a new source", change: () => write("app/new/page.tsx", "export default 2;") },
    { name: "a new static file", change: () => write("public/icon.svg", "<svg/>") },
    { name: "an edited configuration", change: () => write("next.config.ts", "export default { a: 1 };") },
    { name: "a renamed source", change: () => (rmSync(path.join(root, "lib/a.ts")), write("lib/b.ts", "export const a = 1;")) },
  ];
  it.each(changes)("asks for a build after $name", ({ change }) => {
    built();
    change();
    expect(buildState(root, distDir)).toEqual({ current: false, reason: "sources changed since the last build" });
  });

  it("ignores what the build does not read", () => {
    built();
    write("tests/x.test.ts", "1");
    write("README.md", "changed");
    write(".next/cache/x", "1");
    expect(buildState(root, distDir)).toEqual({ current: true });
  });

  it("does not trust a build without a stamp (interrupted, or built by hand)", () => {
    built();
    clearStamp(distDir);
    expect(buildState(root, distDir)).toMatchObject({ current: false, reason: expect.stringMatching(/no source stamp/) });
  });
});
