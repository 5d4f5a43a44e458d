// Tests may only ever touch a local SQLite file and a loopback chain (DESIGN.md, principle 10).
export function assertLocalTestEnv(env: Record<string, string | undefined>): void {
  if (!env.DATABASE_URL?.startsWith("file:")) throw new Error(`refusing to test against a non-local database: ${env.DATABASE_URL}`);
  const rpc = env.RPC_URL ? new URL(env.RPC_URL).hostname : "";
  if (!["127.0.0.1", "localhost"].includes(rpc)) throw new Error(`refusing to test against a non-loopback chain: ${env.RPC_URL}`);
}
