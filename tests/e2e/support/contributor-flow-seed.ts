// Test-only rows for the contributor-flow specs, written directly to the e2e database (the flows that would create
// them have their own tests). Run with tsx --conditions=react-server:
//   contributor-flow-seed.ts samples <contributor address> <count>   closed campaign, <count> pending texts of the contributor
//   contributor-flow-seed.ts datasets <word>                         two published versions named "<word> large" (30 rows) and "<word> tiny" (9)
// Prints one JSON line.
import { db } from "@/lib/server/db";
import { makeCampaign } from "../../support/campaigns";
import { publishedVersion, textSamples } from "../../support/datasets";
import { pendingSample } from "../../support/reviews";

async function userOf(address: string) {
  const lower = address.toLowerCase();
  return db.user.upsert({ where: { address: lower }, create: { address: lower }, update: {}, select: { id: true, address: true } });
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === "samples") {
    const [address, count] = args;
    if (!address || !count) throw new Error("usage: samples <contributor address> <count>");
    const contributor = await userOf(address);
    // Closed: its pending samples are in nobody's review queue, so other specs never meet them.
    const campaign = await makeCampaign({ status: "CLOSED" });
    const created = new Date(Date.UTC(2026, 0, 1));
    for (let i = 0; i < Number(count); i++) {
      const word = i % 5 === 0 ? "zebra" : "giraffe";
      const sample = await pendingSample(campaign.id, contributor.id, { text: `Seeded ${word} review number ${String(i).padStart(3, "0")} of ${campaign.slug}.` });
      // Distinct times, one a minute apart, so that sorting by date is well defined.
      await db.sample.update({ where: { id: sample.id }, data: { createdAt: new Date(created.getTime() + i * 60_000) } });
    }
    console.log(JSON.stringify({ campaignId: campaign.id, campaignSlug: campaign.slug }));
  } else if (mode === "datasets") {
    const [word] = args;
    if (!word) throw new Error("usage: datasets <word>");
    const contributor = await userOf("0x" + "c7".repeat(20));
    const ids: Record<string, string> = {};
    for (const [name, rows] of [
      [`${word} large`, 30],
      [`${word} tiny`, 9],
    ] as const) {
      const version = await publishedVersion({ contributors: [contributor], samples: textSamples(rows), campaignStatus: "CLOSED" });
      await db.dataset.update({ where: { id: version.datasetId }, data: { name } });
      ids[name] = version.versionId;
    }
    console.log(JSON.stringify(ids));
  } else {
    throw new Error("usage: contributor-flow-seed.ts samples|datasets …");
  }
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
