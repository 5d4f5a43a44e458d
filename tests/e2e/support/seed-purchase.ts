// Test-only: a text dataset version, published on the e2e chain's DatasetRegistry and bought by a wallet, written
// directly to the e2e database (the market's publish and purchase flows have their own tests). Run with tsx --conditions=react-server:
//   tsx --conditions=react-server tests/e2e/support/seed-purchase.ts <buyer address> <sample count>
// Prints { versionId, datasetName, merkleRoot } as one JSON line.
import { db } from "@/lib/server/db";
import { requireRegistry } from "@/lib/server/datasets/registry";
import { publishedVersion, publishOnRegistry, purchase, textSamples } from "../../support/datasets";

async function main(): Promise<void> {
  const [address, count = "300"] = process.argv.slice(2);
  if (!address) throw new Error("usage: seed-purchase.ts <buyer address> [sample count]");
  const lower = address.toLowerCase();
  const buyer = await db.user.upsert({ where: { address: lower }, create: { address: lower }, update: {}, select: { id: true } });
  const contributor = await db.user.upsert({ where: { address: "0x" + "e2".repeat(20) }, create: { address: "0x" + "e2".repeat(20) }, update: {}, select: { id: true, address: true } });
  const version = await publishedVersion({ contributors: [contributor], samples: textSamples(Number(count)), campaignStatus: "CLOSED" });
  await publishOnRegistry(version.versionId, await requireRegistry());
  await purchase(version.versionId, buyer.id);
  const row = await db.datasetVersion.findUniqueOrThrow({ where: { id: version.versionId }, select: { dataset: { select: { name: true } } } });
  console.log(JSON.stringify({ versionId: version.versionId, datasetName: row.dataset.name, merkleRoot: version.merkleRoot }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
