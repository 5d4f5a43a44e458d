// Test-only: earns one accepted-sample reward for a wallet through the real service (earnPayouts), skipping review:
// the admin page's test needs a payout on demand (the contributor's test earns its reward through three reviews).
// Run with tsx --conditions=react-server against the e2e database:
//   tsx --conditions=react-server tests/e2e/support/earn-payout.ts <address> <amount DATA> <subject id> [campaign slug]
// Prints the payout as one JSON line.
import { parseUnits } from "viem";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { db } from "@/lib/server/db";
import { earnPayouts } from "@/lib/server/payouts/earn-payouts";

async function main(): Promise<void> {
  const [address, amount, subjectId, slug = "product-review-sentiment"] = process.argv.slice(2);
  if (!address || !amount || !subjectId) throw new Error("usage: earn-payout.ts <address> <amount DATA> <subject id> [campaign slug]");
  const [user, campaign] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { address: address.toLowerCase() }, select: { id: true } }),
    db.campaign.findUniqueOrThrow({ where: { slug }, select: { id: true } }),
  ]);
  const [payout] = await db.$transaction((tx) =>
    earnPayouts(tx, [
      { reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, subjectId, recipientUserId: user.id, amountWei: parseUnits(amount, 18), campaignId: campaign.id },
    ]),
  );
  console.log(JSON.stringify({ id: payout!.id, status: payout!.status, created: payout!.created }));
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
