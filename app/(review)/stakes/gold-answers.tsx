import Link from "next/link";
import type { Address } from "viem";
import type { MyGoldAnswer } from "@/lib/server/trust/gold-challenges";
import { fileGoldChallengeAction, goldChallengeStateAction } from "./actions";
import { ChallengeToggle } from "./challenge-toggle";

const STATE_WORDS: Record<string, string> = { AWAITING_BOND: "waiting for the bond", OPEN: "before a panel", OVERTURNED: "won: the answer was corrected", UPHELD: "lost: the answer stands" };

/** The reviewer's gold answers that count against them (or that they challenged), each with its challenge. */
export function GoldAnswers({ answers, wallet }: { answers: MyGoldAnswer[]; wallet: Address }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="gold-answers-title" data-testid="gold-answers">
      <h2 id="gold-answers-title" className="text-lg font-semibold">
        Your gold answers counted wrong
      </h2>
      <p className="text-sm text-slate-600">
        Gold items have a known answer that measures every reviewer who answers them, and your stake stands behind that measure. If you think a known answer is wrong, a staked reviewer may challenge it with a bond within the campaign&apos;s
        appeal window from their answer.
      </p>
      <ul className="space-y-3">
        {answers.map((a) => (
          <li key={a.goldItemId} className="space-y-2 border-t border-slate-100 pt-3 text-sm" data-testid="gold-answer">
            <p className="font-medium">{a.preview}</p>
            <p className="text-slate-600">
              {a.campaignTitle} · answered {a.answeredAt.toISOString().slice(0, 10)} · yours: <strong>{a.yours}</strong> · gold: <strong>{a.gold}</strong>
              {a.right && " (now counted right)"}
            </p>
            {a.challenge && (
              <p>
                Your challenge:{" "}
                <Link href={`/appeals/${a.challenge.id}`} className="text-brand-700 underline">
                  {STATE_WORDS[a.challenge.state] ?? a.challenge.state.toLowerCase()}
                </Link>
              </p>
            )}
            {a.refusal === null && a.windowEnds ? (
              <ChallengeToggle targetId={a.goldItemId} wallet={wallet} bondWei={a.minimumBondWei} windowEnds={a.windowEnds.toISOString()} file={fileGoldChallengeAction} state={goldChallengeStateAction} />
            ) : (
              !a.challenge && a.refusal && <p className="text-slate-600">{a.refusal}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
