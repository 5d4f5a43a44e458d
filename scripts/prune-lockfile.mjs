// The npm registry reachable from these machines does not serve some platform-specific optional packages (e.g. the
// macOS and Windows builds of @next/swc, @tailwindcss/oxide, @unrs/resolver-binding). `npm install` skips them, but
// leaves them named in their parents' optionalDependencies, and `npm ci` then refuses the lockfile as out of sync.
// This drops every optional dependency the lockfile has no package for. Run it after `npm install` changes the lock.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const present = new Set(Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, "")));
let pruned = 0;
for (const entry of Object.values(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (!present.has(name)) {
      delete entry.optionalDependencies[name];
      pruned += 1;
    }
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`prune-lockfile: removed ${pruned} optional dependencies the registry does not serve`);
