import type { TLabelSchema } from "@/lib/schemas/label-schema";

/**
 * What the reviewer's verdict will count as, next to the controls (lib/domain/consensus/outcome-space.ts). In a
 * classification campaign a vote is for one class: a label ("the content is fine and this is its label") or
 * "unacceptable". Accepting with another label and rejecting as "the label is wrong" with that label picked are the
 * same vote; any other rejection is a vote for "unacceptable". Other campaigns are judged as labeled.
 */
export function VerdictMeaning({ schema, contributorLabels, chosenLabel, mode }: { schema: TLabelSchema; contributorLabels: string[]; chosenLabel: string | null; mode: "judge" | "reason" }) {
  if (schema.kind !== "single_label") {
    return (
      <p data-testid="verdict-meaning" className="text-sm text-slate-600">
        You judge the sample as labeled: accept if the content and {schema.kind === "free_text" ? "its text" : "every one of its labels"} are right, reject otherwise. Any
        rejection counts as a vote that it cannot ship as labeled.
      </p>
    );
  }
  const theirs = contributorLabels[0] ?? null;
  const relabel = chosenLabel !== null && chosenLabel !== theirs;
  return (
    <div data-testid="verdict-meaning" className="space-y-1 text-sm text-slate-600">
      {mode === "judge" ? (
        <p>
          <strong className="font-medium text-slate-800">Your vote: </strong>
          {relabel ? (
            <>
              Accept (A) now says the content is fine and its right label is <strong>{chosenLabel}</strong>, not {theirs ?? "the contributor's"}.
            </>
          ) : (
            <>Accept (A) says the content is fine and {theirs ? <strong>{theirs}</strong> : "the contributor's label"} is its right label.</>
          )}
        </p>
      ) : (
        <p>
          <strong className="font-medium text-slate-800">Your vote: </strong>
          {relabel ? (
            <>
              &ldquo;The label is wrong&rdquo; counts as a vote for <strong>{chosenLabel}</strong>, the label you picked; any other reason counts as &ldquo;unacceptable&rdquo;.
            </>
          ) : (
            <>Every reason counts as &ldquo;unacceptable&rdquo;. To say which label is right instead, press Esc, pick it (1–9), then accept.</>
          )}
        </p>
      )}
      <p className="text-xs">
        Accepting with a different label (1–9, then A) is a vote that the content is fine and its right label is that one: it counts exactly like
        rejecting as &ldquo;the label is wrong&rdquo; with that label picked. A rejection for any other reason is a vote that the sample is unacceptable under
        any label. A sample ships with a label only once that label&apos;s probability reaches the campaign&apos;s threshold.
      </p>
    </div>
  );
}
