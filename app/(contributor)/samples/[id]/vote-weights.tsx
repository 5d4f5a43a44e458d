type WeighedVote = { reviewId: string; reviewerId: string; verdict: "ACCEPT" | "REJECT"; reason: string | null; label: string | null; votedFor?: string | null; weight: number; reliability: number };
import { shortAddress } from "@/lib/format";

/**
 * Each vote's pull toward the class the decision was about (right) or the runner-up (left), scaled to the strongest
 * vote: a chart, not a table of logs.
 */
export function VoteWeights({ votes, reviewerAddresses, towards, against }: { votes: WeighedVote[]; reviewerAddresses: Record<string, string>; towards: string; against: string }) {
  const max = Math.max(0.01, ...votes.map((v) => Math.abs(v.weight)));
  return (
    <div>
    <p className="mb-1 grid grid-cols-[12rem_1fr_10rem] gap-3 text-xs text-slate-500">
      <span>Vote</span>
      <span className="flex justify-between">
        <span>← {against}</span>
        <span>{towards} →</span>
      </span>
      <span />
    </p>
    <ul className="space-y-2" aria-label="Votes and their weights">
      {votes.map((vote) => {
        const width = `${Math.round((Math.abs(vote.weight) / max) * 50)}%`;
        const toAccept = vote.weight >= 0;
        return (
          <li key={vote.reviewId} className="grid grid-cols-[12rem_1fr_10rem] items-center gap-3 text-sm" data-testid="vote">
            <span className="truncate">
              <span className={vote.verdict === "ACCEPT" ? "text-emerald-700" : "text-red-700"}>{vote.verdict.toLowerCase()}</span>
              {vote.label ? ` · ${vote.label}` : ""}
              {vote.reason ? ` · ${vote.reason.toLowerCase().replaceAll("_", " ")}` : ""}
              {vote.votedFor ? <span className="text-slate-500"> (for {vote.votedFor})</span> : null}
            </span>
            <span className="relative h-3 rounded bg-slate-100" title={`weight ${vote.weight.toFixed(2)} nats`}>
              <span className="absolute top-0 left-1/2 h-3 w-px bg-slate-400" />
              <span
                className={`absolute top-0 h-3 rounded ${toAccept ? "bg-emerald-500" : "bg-red-500"}`}
                style={toAccept ? { left: "50%", width } : { right: "50%", width }}
              />
            </span>
            <span className="text-xs text-slate-500">
              {reviewerAddresses[vote.reviewerId] ? shortAddress(reviewerAddresses[vote.reviewerId]!) : "reviewer"} · reliability {Math.round(vote.reliability * 100)}%
            </span>
          </li>
        );
      })}
    </ul>
    </div>
  );
}
