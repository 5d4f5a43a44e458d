// What `npm start` keeps of its children's output: expected chatter goes, anything else (errors above all) stays.
import { describe, expect, it } from "vitest";
import { chainLogFilter } from "../../../scripts/lib/chain-log";
import { filterPrismaOutput } from "../../../scripts/lib/prisma-log";

const run = (lines: string[]) => {
  const filter = chainLogFilter();
  return lines.flatMap((line) => filter(line));
};

describe("the Hardhat node's output", () => {
  const call = ["eth_call", "  Contract call:       <UnrecognizedContract>", "  From:                0xf39f", "  To:                  0x5fbd", ""];
  const transaction = [
    "eth_sendRawTransaction",
    "  Contract call:       <UnrecognizedContract>",
    "  Transaction:         0x65c6",
    "  From:                0xf39f",
    "  To:                  0x5fbd",
    "  Value:               0 ETH",
    "  Gas used:            53832 of 53832",
    "  Block #5:            0x04c9",
    "",
  ];
  const cases: { name: string; lines: string[]; kept: string[] }[] = [
    { name: "a plain method line", lines: ["eth_blockNumber", "eth_getLogs (3)", "\x1b[32meth_chainId\x1b[39m"], kept: [] },
    { name: "an eth_call with its details", lines: call, kept: [] },
    { name: "a mined transaction with its details", lines: transaction, kept: [] },
    { name: "a deployment", lines: ["eth_sendTransaction", "  Contract deployment: <UnrecognizedContract>", "  Contract address:    0x5fbd", "  Block #1:  0xe26b"], kept: [] },
    { name: "the well-known accounts", lines: ["Account #0: 0xf39f (10000 ETH)", "Private Key: 0xac09", ""], kept: [] },
    { name: "viem's fill-transaction probe", lines: ["eth_fillTransaction - Method not supported"], kept: [] },
    { name: "the start-up banner", lines: ["Started HTTP and WebSocket JSON-RPC server at http://127.0.0.1:8545/"], kept: ["Started HTTP and WebSocket JSON-RPC server at http://127.0.0.1:8545/"] },
    {
      name: "a reverted call, shown whole with its context",
      lines: ["eth_call", "  Contract call:       RewardDistributor#payBatch", "  From:                0xf39f", "", "  Error: reverted with custom error 'BatchAlreadyPaid()'", ""],
      kept: ["eth_call", "  Contract call:       RewardDistributor#payBatch", "  From:                0xf39f", "  Error: reverted with custom error 'BatchAlreadyPaid()'"],
    },
    {
      name: "an error after quiet calls: only its own block",
      lines: [...call, ...transaction, "eth_estimateGas", "  Contract call:       <UnrecognizedContract>", "  Error: Transaction reverted without a reason", "  To:   0x5fbd", ...call],
      kept: ["eth_estimateGas", "  Contract call:       <UnrecognizedContract>", "  Error: Transaction reverted without a reason", "  To:   0x5fbd"],
    },
  ];
  it.each(cases)("$name", ({ lines, kept }) => {
    expect(run(lines)).toEqual(kept);
  });
});

describe("the Prisma CLI's output", () => {
  const deploy = `Loaded Prisma config from prisma.config.ts.

Prisma config detected, skipping environment variable loading.
Prisma schema loaded from prisma/schema.prisma
Datasource "db": SQLite database ":memory:" using driver adapter "@prisma/adapter-better-sqlite3"

WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter via prisma.config.ts:
- url

The values from your schema will NOT be used!

We recommend you to remove those properties from your schema to avoid confusion if you are only using driver adapters.

14 migrations found in prisma/migrations

The following migration(s) have been applied:

migrations/
  └─ 20261121000000_init/
    └─ migration.sql

All migrations have been successfully applied.
`;
  it("drops the expected warning, the placeholder database and the config chatter", () => {
    expect(filterPrismaOutput(deploy)).toBe(`Prisma schema loaded from prisma/schema.prisma

14 migrations found in prisma/migrations

The following migration(s) have been applied:

migrations/
  └─ 20261121000000_init/

All migrations have been successfully applied.
`);
  });

  it("drops them in colour too", () => {
    const coloured = "\x1b[2mLoaded Prisma config from prisma.config.ts.\x1b[22m\n\nPrisma schema loaded from prisma/schema.prisma\n\x1b[33mWARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter via prisma.config.ts:\x1b[39m\n- url\n\nWe recommend you to remove those properties from your schema to avoid confusion if you are only using driver adapters.\nNo pending migrations to apply.\n";
    expect(filterPrismaOutput(coloured)).toBe("Prisma schema loaded from prisma/schema.prisma\nNo pending migrations to apply.\n");
  });

  it("keeps errors", () => {
    const failed = "Prisma schema loaded from prisma/schema.prisma\nError: P3009\nmigrate found failed migrations in the target database\n";
    expect(filterPrismaOutput(failed)).toBe(failed);
  });
});
