import { describe, expect, it } from "vitest";
import { HARDHAT_ACCOUNT0_KEY, parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("has local defaults for everything on the dev chain", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      databaseUrl: "file:./data/tessera.db",
      rpcUrl: "http://127.0.0.1:8545",
      chainId: 31337,
      appUrl: "http://localhost:3000",
      appDomain: "localhost:3000",
      payoutPrivateKey: HARDHAT_ACCOUNT0_KEY,
      isDevChain: true,
      nonceTtlMinutes: 10,
    });
    expect(env.adminAddresses).toEqual(["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"]);
  });

  it("has payout worker defaults: 1 confirmation on the dev chain, 3 elsewhere, no crash point", () => {
    expect(parseEnv({}).payouts).toEqual({
      batchMaxSize: 100,
      batchMaxWaitMs: 2_000,
      confirmations: 1,
      pollMs: 1_000,
      stuckAfterMs: 30_000,
      backoffMaxMs: 30_000,
      crashAt: null,
    });
    expect(parseEnv({ CHAIN_ID: "8453", PAYOUT_PRIVATE_KEY: `0x${"11".repeat(32)}` }).payouts.confirmations).toBe(3);
  });

  it("reads the payout worker settings and a test crash point", () => {
    const env = parseEnv({
      PAYOUT_BATCH_MAX_SIZE: "200",
      PAYOUT_BATCH_MAX_WAIT_MS: "0",
      PAYOUT_CONFIRMATIONS: "2",
      PAYOUT_POLL_MS: "50",
      PAYOUT_STUCK_AFTER_MS: "500",
      PAYOUT_BACKOFF_MAX_MS: "1000",
      PAYOUT_CRASH_AT: "before-paid:3",
    });
    expect(env.payouts).toEqual({
      batchMaxSize: 200,
      batchMaxWaitMs: 0,
      confirmations: 2,
      pollMs: 50,
      stuckAfterMs: 500,
      backoffMaxMs: 1_000,
      crashAt: { step: "before-paid", count: 3 },
    });
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ RPC_URL: "", CHAIN_ID: "" }).rpcUrl).toBe("http://127.0.0.1:8545");
  });

  const bad: { name: string; source: Record<string, string>; names: RegExp }[] = [
    { name: "a malformed RPC URL", source: { RPC_URL: "not a url" }, names: /RPC_URL must be an http\(s\) URL \(got "not a url"\)/ },
    { name: "an RPC URL with another scheme", source: { RPC_URL: "ftp://127.0.0.1:8545" }, names: /RPC_URL/ },
    { name: "a non-hex payout key", source: { PAYOUT_PRIVATE_KEY: "0xnothex" }, names: /PAYOUT_PRIVATE_KEY must be a 0x-prefixed 32-byte hex private key/ },
    { name: "a short payout key", source: { PAYOUT_PRIVATE_KEY: "0x1234" }, names: /PAYOUT_PRIVATE_KEY/ },
    { name: "a chain other than the dev chain without a key", source: { CHAIN_ID: "1" }, names: /PAYOUT_PRIVATE_KEY is required when CHAIN_ID is 1/ },
    { name: "a chain id that is not a number", source: { CHAIN_ID: "mainnet" }, names: /CHAIN_ID/ },
    { name: "a malformed admin address", source: { ADMIN_ADDRESSES: "0x12,bob" }, names: /ADMIN_ADDRESSES/ },
    { name: "a database URL that is not a SQLite file", source: { DATABASE_URL: "postgres://x" }, names: /DATABASE_URL/ },
    { name: "a batch larger than one transaction carries", source: { PAYOUT_BATCH_MAX_SIZE: "201" }, names: /PAYOUT_BATCH_MAX_SIZE must be at most 200/ },
    { name: "an empty batch size", source: { PAYOUT_BATCH_MAX_SIZE: "0" }, names: /PAYOUT_BATCH_MAX_SIZE/ },
    { name: "a negative max wait", source: { PAYOUT_BATCH_MAX_WAIT_MS: "-1" }, names: /PAYOUT_BATCH_MAX_WAIT_MS/ },
    { name: "zero confirmations", source: { PAYOUT_CONFIRMATIONS: "0" }, names: /PAYOUT_CONFIRMATIONS/ },
    { name: "a poll interval that is not a number", source: { PAYOUT_POLL_MS: "often" }, names: /PAYOUT_POLL_MS/ },
    { name: "a crash point that does not exist", source: { PAYOUT_CRASH_AT: "nowhere:1" }, names: /PAYOUT_CRASH_AT must be <step>:<n>/ },
    { name: "a crash point without a count", source: { PAYOUT_CRASH_AT: "signed" }, names: /PAYOUT_CRASH_AT/ },
    { name: "an export format that does not exist", source: { EXPORT_PREBUILD_FORMATS: "parquet,xlsx" }, names: /EXPORT_PREBUILD_FORMATS must be "none" or a comma-separated list of parquet, jsonl, csv/ },
    { name: "a reviewer share above 100%", source: { REVENUE_REVIEWER_SHARE_BPS: "10001" }, names: /REVENUE_REVIEWER_SHARE_BPS/ },
    {
      name: "revenue shares that leave contributors less than nothing",
      source: { REVENUE_REVIEWER_SHARE_BPS: "6000", REVENUE_PLATFORM_SHARE_BPS: "5000" },
      names: /REVENUE_REVIEWER_SHARE_BPS plus REVENUE_PLATFORM_SHARE_BPS must be at most 10000 \(got 6000 \+ 5000\)/,
    },
  ];

  it.each([
    [undefined, ["parquet", "jsonl", "csv"]],
    ["none", []],
    ["parquet", ["parquet"]],
    [" csv , parquet,csv ", ["csv", "parquet"]],
  ])("prebuilds the download formats %j as %j", (value, formats) => {
    expect(parseEnv({ EXPORT_PREBUILD_FORMATS: value }).exportPrebuildFormats).toEqual(formats);
  });

  it("splits dataset revenue 10% to reviewers and 10% to the platform by default", () => {
    expect(parseEnv({}).revenue).toEqual({ reviewerShareBps: 1000, platformShareBps: 1000 });
    expect(parseEnv({ REVENUE_PLATFORM_SHARE_BPS: "0" }).revenue.platformShareBps).toBe(0);
  });

  it.each(bad)("fails fast on $name with a sentence naming the variable", ({ source, names }) => {
    expect(() => parseEnv(source)).toThrow(names);
  });

  it("never echoes a private key in its error", () => {
    expect(() => parseEnv({ PAYOUT_PRIVATE_KEY: "0xsecretsecret" })).toThrow(/^(?!.*secretsecret).*$/s);
  });

  it("needs no default key when one is given for another chain, and then names no admins", () => {
    const key = `0x${"11".repeat(32)}`;
    const env = parseEnv({ CHAIN_ID: "8453", PAYOUT_PRIVATE_KEY: key, RPC_URL: "https://rpc.example" });
    expect(env).toMatchObject({ chainId: 8453, payoutPrivateKey: key, isDevChain: false, adminAddresses: [] });
  });
});
