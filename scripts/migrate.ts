// Applies Prisma migrations to the configured SQLite file, creating its folder and switching it to WAL mode
// (readers never block the writer; the mode is stored in the file, so once is enough).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { getEnv } from "@/lib/env";
import { filterPrismaOutput } from "./lib/prisma-log";

const file = getEnv().databaseUrl.replace(/^file:/, "");
mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
const sqlite = new Database(file);
sqlite.pragma("journal_mode = WAL");
sqlite.close();

const result = spawnSync(process.execPath, [path.join(import.meta.dirname, "..", "node_modules", "tsx", "dist", "cli.mjs"), path.join(import.meta.dirname, "prisma.ts"), "migrate", "deploy"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "pipe"],
});
console.log(`Database: ${file}`);
process.stdout.write(filterPrismaOutput(result.stdout ?? ""));
process.stderr.write(filterPrismaOutput(result.stderr ?? ""));
process.exit(result.status ?? 1);
