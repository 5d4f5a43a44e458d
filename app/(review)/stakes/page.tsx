import type { Metadata } from "next";
import { getAddress } from "viem";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { currentUser } from "@/lib/server/auth/session";
import { listMyGoldAnswers } from "@/lib/server/trust/gold-challenges";
import { listMyStakes } from "@/lib/server/trust/stakes";
import { GoldAnswers } from "./gold-answers";
import { StakePanel } from "./stake-panel-loader";

export const metadata: Metadata = { title: "Stakes" };

export default async function StakesPage() {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in to stake">A stake belongs to your wallet. Sign in (top right) to see and manage yours.</EmptyState>;
  const [{ escrow, stakes }, goldAnswers] = await Promise.all([listMyStakes(user), listMyGoldAnswers(user)]);
  return (
    <>
      <PageTitle
        title="Stakes"
        subtitle="Some campaigns ask reviewers to stake DATA behind their votes. A stake below the campaign's gold-accuracy floor, or found voting against gold in concert, loses part of it; a stake asked back stops backing reviews at once and can be withdrawn after a 14-day cooldown."
      />
      {!escrow ? (
        <p className="text-sm text-amber-800">The review escrow is not deployed on this chain.</p>
      ) : stakes.length === 0 ? (
        <EmptyState title="No campaign asks for a stake" action={{ href: "/review", label: "Open the review queue" }}>
          Campaigns that ask their reviewers for a stake will be listed here.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {stakes.map((s) => (
            <StakePanel
              key={s.campaignId}
              campaignId={s.campaignId}
              title={s.title}
              requiredWei={s.requiredWei.toString()}
              escrowKey={s.escrowKey}
              escrow={escrow}
              reviewer={getAddress(user.address)}
              credited={{ activeWei: s.activeWei.toString(), leavingWei: s.leavingWei.toString(), unlockAt: s.unlockAt?.toISOString() ?? null }}
            />
          ))}
        </div>
      )}
      {escrow && goldAnswers.length > 0 && (
        <div className="mt-6">
          <GoldAnswers answers={goldAnswers} wallet={getAddress(user.address)} />
        </div>
      )}
    </>
  );
}
