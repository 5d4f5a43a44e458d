import Link from "next/link";
import type { QuizOffer } from "@/lib/server/quiz/quiz-offers";

/**
 * Where the refused reviewer can qualify: a link only to quizzes that can be sat now; for the others, in words, why
 * not (a quiz needs enough gold items; a failed one waits; a removal stands).
 */
export function QuizOffers({ offers }: { offers: QuizOffer[] }) {
  if (offers.length === 0) return <p className="mt-4">No open campaign has a quiz you could take. Ask an admin for the reviewer role.</p>;
  return (
    <ul className="mt-4 space-y-2 text-left" data-testid="quiz-offers">
      {offers.map((o) => (
        <li key={o.slug} data-testid="quiz-offer" className="rounded-md border border-slate-200 px-3 py-2">
          {o.status.kind === "open" ? (
            <Link href={`/review/quiz/${o.slug}`} className="font-medium text-brand-700 hover:underline">
              Take the quiz of {o.title}
            </Link>
          ) : (
            <span className="font-medium">{o.title}</span>
          )}
          <span className="block text-xs text-slate-600">{describe(o.status)}</span>
        </li>
      ))}
    </ul>
  );
}

function describe(status: QuizOffer["status"]): string {
  switch (status.kind) {
    case "open":
      return `${status.quizSize} samples with known answers; pass with ${Math.round(status.passMark * 100)}% right.`;
    case "not-enough-gold":
      return `No quiz yet: it needs ${status.needed} samples with known answers and has ${status.available} you could be asked. An admin marks them; until then only an admin can make you a reviewer here.`;
    case "wait":
      return `Not passed last time: you can take it again at ${status.retryAt.toISOString().slice(11, 16)} UTC.`;
    case "removed":
      return status.reason;
  }
}
