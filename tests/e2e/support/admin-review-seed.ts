// Test-only, for tests/e2e/admin-review-*.spec.ts: two open campaigns of its own, with samples waiting for review
// (Barbara's: no spec counts her uploads) and, in the first only, gold items enough for a one-item quiz; and DATA in
// the admin's wallet to fund budgets with (the payout wallet mints on the dev chain). Run with tsx
// --conditions=react-server against the e2e database:
//   tsx --conditions=react-server tests/e2e/support/admin-review-seed.ts <stamp> <admin address> <mint DATA>
// Prints { a: { id, slug, title }, b: { id, slug, title } } as one JSON line.
import { randomBytes } from "node:crypto";
import { parseUnits, type Address } from "viem";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { mintData } from "@/lib/chain/token";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

const BARBARA = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

async function campaign(stamp: string, letter: string, options: { samples: number; gold: number; quizSize: number }) {
  const contributor = await db.user.upsert({ where: { address: BARBARA.toLowerCase() }, create: { address: BARBARA.toLowerCase() }, update: {}, select: { id: true } });
  const slug = `queue-${letter.toLowerCase()}-${stamp}`;
  const title = `Queue ${letter} ${stamp}`;
  const row = await db.campaign.create({
    data: {
      slug,
      title,
      description: "Short product reviews for the review queue's e2e test.",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: ["positive", "negative"] },
      rewardWei: parseUnits("1", 18).toString(),
      budgetWei: parseUnits("10", 18).toString(),
      targetSamples: 100,
      licence: "CC-BY-4.0",
      status: "OPEN",
      goldRate: 0,
      quizSize: options.quizSize,
    },
    select: { id: true },
  });
  for (let i = 0; i < options.samples + options.gold; i++) {
    const text = `Queue ${letter} sample ${i}: the lamp is bright and the switch feels solid (${stamp}).`;
    const sample = await db.sample.create({
      data: { campaignId: row.id, contributorId: contributor.id, contentHash: randomBytes(32).toString("hex"), mimeType: "text/plain; charset=utf-8", sizeBytes: text.length, textContent: text, labels: "positive" },
    });
    if (i >= options.samples) await db.goldItem.create({ data: { campaignId: row.id, sampleId: sample.id, expectedVerdict: "ACCEPT" } });
  }
  return { id: row.id, slug, title };
}

async function main(): Promise<void> {
  const [stamp, admin, mint] = process.argv.slice(2);
  if (!stamp || !admin || !mint) throw new Error("usage: admin-review-seed.ts <stamp> <admin address> <mint DATA>");
  const a = await campaign(stamp, "A", { samples: 3, gold: 1, quizSize: 1 });
  const b = await campaign(stamp, "B", { samples: 2, gold: 0, quizSize: 2 });
  const token = await findDeployment("DataToken");
  if (!token) throw new Error("no DataToken deployed on the e2e chain");
  await mintData({ publicClient: createTesseraPublicClient(), walletClient: createPayoutWalletClient() }, token.address, admin as Address, parseUnits(mint, 18));
  console.log(JSON.stringify({ a, b }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
