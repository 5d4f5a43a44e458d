"use client";
import { useRouter } from "next/navigation";
import type { QueueCampaign } from "@/lib/server/reviews/review-queue-overview";
import { formatLeft } from "./left-count";

/** Review one campaign or all of them; the choice lives in the URL (?campaign=slug), so a reload or a link keeps it. */
export function CampaignPicker({ campaigns, selected, left, capped }: { campaigns: QueueCampaign[]; selected: string | null; left: number; capped: boolean }) {
  const router = useRouter();
  return (
    <form action="/review" className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="campaign-picker" className="font-medium">
        Campaign
      </label>
      <select
        id="campaign-picker"
        name="campaign"
        value={selected ?? ""}
        onChange={(event) => router.push(event.target.value ? `/review?campaign=${encodeURIComponent(event.target.value)}` : "/review")}
        className="max-w-full rounded-md border border-slate-300 bg-white px-2 py-1"
      >
        <option value="">All my campaigns ({formatLeft(left, capped)})</option>
        {campaigns.map((c) => (
          <option key={c.id} value={c.slug}>
            {c.title} ({formatLeft(c.left, c.capped)})
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded-md border border-slate-300 px-2 py-1">
          Show
        </button>
      </noscript>
    </form>
  );
}
