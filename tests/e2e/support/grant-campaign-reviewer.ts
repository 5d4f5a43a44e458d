// Test-only: makes wallets reviewers of one campaign only (CampaignReviewer rows, the per-campaign access an admin or
// a passed qualification quiz grants), so that a spec's reviewers see its own samples and nobody else's. Run with
// tsx --conditions=react-server against the e2e database (tests/e2e/support/earn.ts runs it):
//   tsx --conditions=react-server tests/e2e/support/grant-campaign-reviewer.ts <campaign slug> <address>...
import { db } from "@/lib/server/db";

async function main(): Promise<void> {
  const [slug, ...addresses] = process.argv.slice(2);
  if (!slug || addresses.length === 0) throw new Error("usage: grant-campaign-reviewer.ts <campaign slug> <address>...");
  const campaign = await db.campaign.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  for (const address of addresses) {
    const user = await db.user.findUniqueOrThrow({ where: { address: address.toLowerCase() }, select: { id: true, roles: { select: { role: true } } } });
    // A global reviewer would be served every open campaign's samples: the spec would not be alone in its queue.
    if (user.roles.some((r) => r.role === "REVIEWER")) throw new Error(`${address} holds the global reviewer role; pick a wallet without it`);
    await db.campaignReviewer.upsert({
      where: { campaignId_userId: { campaignId: campaign.id, userId: user.id } },
      create: { campaignId: campaign.id, userId: user.id, source: "ADMIN", active: true },
      update: { active: true },
    });
  }
  console.log(JSON.stringify({ campaignId: campaign.id, reviewers: addresses.length }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
