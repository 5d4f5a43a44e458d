import path from "node:path";
import { defineConfig } from "prisma/config";
import { getEnv } from "./lib/env";
import { sqliteMigrationAdapter } from "./prisma/sqlite-migration-adapter";

// The CLI runs on Prisma's JavaScript/WebAssembly engines: no Rust binary is downloaded or executed.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx --conditions=react-server prisma/seed.ts" },
  adapter: async () => sqliteMigrationAdapter(getEnv().databaseUrl),
});
