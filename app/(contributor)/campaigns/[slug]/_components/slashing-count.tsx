import { formatData } from "@/lib/format";
import { campaignSlashCounts } from "@/lib/server/trust/slash-counts";

/** How many reviewers' stakes the campaign's record has slashed, and for how much: public, no one is named. */
export async function SlashingCount({ campaignId }: { campaignId: string }) {
  const counts = await campaignSlashCounts(campaignId);
  const stake = counts.requiredStakeWei;
  if (stake === 0n && counts.slashed + counts.pending === 0) return null;
  return (
    <p className="mt-2 text-slate-600" data-testid="campaign-slashing">
      {stake === 0n ? "" : `Reviewers stake ${formatData(stake)} DATA to review this campaign. `}
      {counts.slashed === 0
        ? "No stake has been slashed."
        : `${counts.slashed} stake${counts.slashed === 1 ? " was" : "s were"} slashed for reviews below the campaign's floor (${formatData(counts.slashedWei)} DATA to the treasury).`}
      {counts.pending > 0 ? ` ${counts.pending} more ${counts.pending === 1 ? "is" : "are"} being slashed.` : ""}
    </p>
  );
}
