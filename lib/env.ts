// The only reader of process.env. Every variable has a local default so that `npm start` works on a fresh clone;
// anything that could move real money without an explicit setting fails fast instead.
import { z } from "zod";

export const HARDHAT_CHAIN_ID = 31337;
/** Hardhat's well-known account #0. Public knowledge: acceptable only on the local dev chain. */
export const HARDHAT_ACCOUNT0_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
export const HARDHAT_ACCOUNT0_ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

const hexKey = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex private key");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be 0x-prefixed 20-byte hex addresses");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, "must be a SQLite URL like file:./data/tessera.db")
    .default("file:./data/tessera.db"),
  RPC_URL: httpUrl.default("http://127.0.0.1:8545"),
  CHAIN_ID: z.coerce.number().int().positive("must be a positive integer").default(HARDHAT_CHAIN_ID),
  APP_URL: httpUrl.default("http://localhost:3000"),
  PAYOUT_PRIVATE_KEY: hexKey.optional(),
  ADMIN_ADDRESSES: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : v.split(",").map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(address).optional()),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().max(24 * 90).default(24 * 7),
  NONCE_TTL_MINUTES: z.coerce.number().int().positive().max(60).default(10),
});

export type Env = {
  databaseUrl: string;
  rpcUrl: string;
  chainId: number;
  appUrl: string;
  /** host[:port] of APP_URL: the domain a SIWE message must name. */
  appDomain: string;
  payoutPrivateKey: `0x${string}`;
  adminAddresses: string[];
  sessionTtlHours: number;
  nonceTtlMinutes: number;
  /** True only on the local dev chain: enables the dev wallet picker and the well-known keys. */
  isDevChain: boolean;
};

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses a configuration source. Throws an EnvError whose message names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "configuration");
      const got = cleaned[name];
      const shown = name === "PAYOUT_PRIVATE_KEY" || got === undefined ? "" : ` (got "${got}")`;
      return `${name} ${issue.message}${shown}`;
    });
    throw new EnvError(`Invalid configuration: ${lines.join("; ")}`);
  }
  const v = result.data;
  const isDevChain = v.CHAIN_ID === HARDHAT_CHAIN_ID;
  const payoutPrivateKey = v.PAYOUT_PRIVATE_KEY ?? (isDevChain ? HARDHAT_ACCOUNT0_KEY : undefined);
  if (!payoutPrivateKey) {
    throw new EnvError(
      `Invalid configuration: PAYOUT_PRIVATE_KEY is required when CHAIN_ID is ${v.CHAIN_ID} (only the local chain ${HARDHAT_CHAIN_ID} has a default key)`,
    );
  }
  return {
    databaseUrl: v.DATABASE_URL,
    rpcUrl: v.RPC_URL,
    chainId: v.CHAIN_ID,
    appUrl: v.APP_URL.replace(/\/$/, ""),
    appDomain: new URL(v.APP_URL).host,
    payoutPrivateKey: payoutPrivateKey as `0x${string}`,
    adminAddresses: (v.ADMIN_ADDRESSES ?? (isDevChain ? [HARDHAT_ACCOUNT0_ADDRESS] : [])).map((a) => a.toLowerCase()),
    sessionTtlHours: v.SESSION_TTL_HOURS,
    nonceTtlMinutes: v.NONCE_TTL_MINUTES,
    isDevChain,
  };
}

let cached: Env | undefined;

/** The process configuration, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
