// The only reader of process.env. Every variable has a local default so that `npm start` works on a fresh clone;
// anything that could move real money without an explicit setting fails fast instead.
import { z } from "zod";
// Relative on purpose: prisma.config.ts loads this file outside the bundler, where the "@/" alias does not resolve.
import { CRASH_POINTS, type CrashPoint } from "./domain/payouts/crash-points";
import { EXPORT_FORMATS, type ExportFormat } from "./domain/datasets/export/layout";

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
  BLOB_DIR: z.string().min(1).default("./data/blobs"),
  EXPORT_CACHE_DIR: z.string().min(1).default("./data/exports"),
  EXPORT_SHARD_MAX_MB: z.coerce.number().positive().max(4096).default(256),
  EXPORT_PREBUILD_FORMATS: z
    .string()
    .default(EXPORT_FORMATS.join(","))
    .transform((v) => (v.trim() === "none" ? [] : v.split(",").map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(EXPORT_FORMATS, { error: `must be "none" or a comma-separated list of ${EXPORT_FORMATS.join(", ")}` }))),
  UPLOAD_RATE_MAX: z.coerce.number().int().positive().default(6000),
  /** A verdict fits its campaign's consensus inline while the campaign's last fit saw at most this many reviews. */
  CONSENSUS_INLINE_FIT_MAX_REVIEWS: z.coerce.number().int().min(0).default(2000),
  UPLOAD_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  RPC_RATE_MAX: z.coerce.number().int().positive().default(600),
  RPC_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  NONCE_RATE_MAX: z.coerce.number().int().positive().default(30),
  NONCE_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().max(24 * 90).default(24 * 7),
  NONCE_TTL_MINUTES: z.coerce.number().int().positive().max(60).default(10),
  // Hardhat 2.29 fails eth_estimateGas above ~200 new recipients (about 5.5 M gas), so a batch stays at or below 200.
  PAYOUT_BATCH_MAX_SIZE: z.coerce.number().int().min(1).max(200, "must be at most 200 (the gas limit of one batch)").default(100),
  PAYOUT_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).default(2_000),
  PAYOUT_CONFIRMATIONS: z.coerce.number().int().min(1).max(1_000).optional(),
  PAYOUT_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  PAYOUT_STUCK_AFTER_MS: z.coerce.number().int().min(100).default(30_000),
  PAYOUT_BACKOFF_MAX_MS: z.coerce.number().int().min(100).default(30_000),
  REVENUE_REVIEWER_SHARE_BPS: z.coerce.number().int().min(0).max(10_000).default(1_000),
  REVENUE_PLATFORM_SHARE_BPS: z.coerce.number().int().min(0).max(10_000).default(1_000),
  INDEXER_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  PAYOUT_CRASH_AT: z
    .string()
    .regex(new RegExp(`^(${CRASH_POINTS.join("|")}):[1-9][0-9]*$`), `must be <step>:<n> with step one of ${CRASH_POINTS.join(", ")}`)
    .optional(),
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
  /** Where the local-disk storage adapter keeps content-addressed blobs; outside public/, served only by route. */
  blobDir: string;
  /** Finished download zips, one per version, format and layout, served with Range support (see the README). */
  exportCacheDir: string;
  /** Target size of one data shard of a download; the shard count follows from it. */
  exportShardMaxBytes: number;
  /** Download formats the worker builds into the export cache as soon as a version is published. */
  exportPrebuildFormats: ExportFormat[];
  /** Samples one wallet may upload per window (counted in the database, table UploadQuota). */
  uploadRateLimit: { maxItems: number; windowMs: number };
  nonceTtlMinutes: number;
  /** JSON-RPC calls (batch items count one each) one client address may send through /api/rpc per window. */
  rpcRateLimit: { max: number; windowMs: number };
  /** Sign-in nonces one client address may ask for per window. */
  nonceRateLimit: { max: number; windowMs: number };
  /** True only on the local dev chain: enables the dev wallet picker and the well-known keys. */
  isDevChain: boolean;
  payouts: {
    /** Most transfers (distinct recipients) in one batch. */
    batchMaxSize: number;
    /** Longest a funded row waits for its batch to fill before the batch is sent anyway. */
    batchMaxWaitMs: number;
    /** Blocks (the paying one included) before a batch counts as final; 1 on the dev chain, 3 elsewhere. */
    confirmations: number;
    /** Pause between worker loops. */
    pollMs: number;
    /** How long a broadcast transaction may stay unmined before it is replaced with a higher fee. */
    stuckAfterMs: number;
    /** Cap of the exponential back-off after RPC or database errors. */
    backoffMaxMs: number;
    /** Tests only: the worker SIGKILLs itself the n-th time it reaches this step. */
    crashAt: { step: CrashPoint; count: number } | null;
  };
  /** How a dataset sale is split, in basis points of the price; contributors get the rest. */
  revenue: { reviewerShareBps: number; platformShareBps: number };
  /** Pause between loops of the purchase indexer. */
  indexerPollMs: number;
  /** A verdict fits its campaign inline while the last snapshot saw at most this many reviews; above, it decides from the snapshot. */
  consensusInlineFitMaxReviews: number;
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
  if (v.REVENUE_REVIEWER_SHARE_BPS + v.REVENUE_PLATFORM_SHARE_BPS > 10_000) {
    throw new EnvError(
      `Invalid configuration: REVENUE_REVIEWER_SHARE_BPS plus REVENUE_PLATFORM_SHARE_BPS must be at most 10000 (got ${v.REVENUE_REVIEWER_SHARE_BPS} + ${v.REVENUE_PLATFORM_SHARE_BPS})`,
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
    blobDir: v.BLOB_DIR,
    exportCacheDir: v.EXPORT_CACHE_DIR,
    exportShardMaxBytes: Math.round(v.EXPORT_SHARD_MAX_MB * 1024 * 1024),
    exportPrebuildFormats: [...new Set(v.EXPORT_PREBUILD_FORMATS)],
    uploadRateLimit: { maxItems: v.UPLOAD_RATE_MAX, windowMs: v.UPLOAD_RATE_WINDOW_SECONDS * 1000 },
    nonceTtlMinutes: v.NONCE_TTL_MINUTES,
    rpcRateLimit: { max: v.RPC_RATE_MAX, windowMs: v.RPC_RATE_WINDOW_SECONDS * 1000 },
    nonceRateLimit: { max: v.NONCE_RATE_MAX, windowMs: v.NONCE_RATE_WINDOW_SECONDS * 1000 },
    isDevChain,
    payouts: {
      batchMaxSize: v.PAYOUT_BATCH_MAX_SIZE,
      batchMaxWaitMs: v.PAYOUT_BATCH_MAX_WAIT_MS,
      confirmations: v.PAYOUT_CONFIRMATIONS ?? (isDevChain ? 1 : 3),
      pollMs: v.PAYOUT_POLL_MS,
      stuckAfterMs: v.PAYOUT_STUCK_AFTER_MS,
      backoffMaxMs: v.PAYOUT_BACKOFF_MAX_MS,
      crashAt: parseCrashAt(v.PAYOUT_CRASH_AT),
    },
    revenue: { reviewerShareBps: v.REVENUE_REVIEWER_SHARE_BPS, platformShareBps: v.REVENUE_PLATFORM_SHARE_BPS },
    indexerPollMs: v.INDEXER_POLL_MS,
    consensusInlineFitMaxReviews: v.CONSENSUS_INLINE_FIT_MAX_REVIEWS,
  };
}

function parseCrashAt(value: string | undefined): Env["payouts"]["crashAt"] {
  if (!value) return null;
  const [step, count] = value.split(":");
  return { step: step as CrashPoint, count: Number(count) };
}

let cached: Env | undefined;

/** The process configuration, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
