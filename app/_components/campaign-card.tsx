import Link from "next/link";
import type { CampaignSummary } from "@/lib/server/campaigns/list-open-campaigns";
import { formatData } from "@/lib/format";

export function CampaignCard({ campaign }: { campaign: CampaignSummary }) {
  const percent = campaign.targetSamples > 0 ? Math.min(100, Math.round((campaign.acceptedSamples / campaign.targetSamples) * 100)) : 0;
  return (
    <article className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex items-start justify-between gap-3">
        <h3 className="font-semibold">
          <Link href={`/campaigns/${campaign.slug}`} className="hover:text-brand-700 hover:underline">
            {campaign.title}
          </Link>
        </h3>
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{campaign.dataType.toLowerCase()}</span>
      </div>
      <p className="mt-2 line-clamp-3 text-sm text-slate-600">{campaign.description}</p>
      <div className="mt-4" aria-label={`${campaign.acceptedSamples} of ${campaign.targetSamples} samples accepted`}>
        <div className="h-2 rounded bg-slate-100">
          <div className="h-2 rounded bg-brand-500" style={{ width: `${percent}%` }} />
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {campaign.acceptedSamples} / {campaign.targetSamples} accepted · {formatData(campaign.rewardWei)} DATA per sample · budget left{" "}
          {formatData(campaign.budgetLeftWei)} of {formatData(campaign.budgetWei)} DATA
        </p>
      </div>
    </article>
  );
}
