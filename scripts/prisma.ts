// Runs the Prisma CLI on its JavaScript engines. The CLI still looks for its Rust binaries before it starts; pointing
// these variables at any existing file satisfies that check (they are never executed with engine "js").
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const placeholder = path.join(root, "package.json");
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");

const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
