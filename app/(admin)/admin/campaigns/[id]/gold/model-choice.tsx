import { evidenceInWords } from "@/lib/format";
import type { StoredModelChoice, StoredModelChoices } from "@/lib/server/reviews/stored-model-choice";

const MODEL_NAME = { "dawid-skene": "Dawid-Skene", "item-bias": "item-bias (Dawid-Skene plus a shift per sample)" } as const;

function Run({ title, choice }: { title: string; choice: StoredModelChoice | null }) {
  return (
    <li className="p-3" data-testid="model-choice">
      <span className="font-medium">{title}:</span>{" "}
      {choice ? (
        <>
          <span data-testid="model-choice-model">{MODEL_NAME[choice.model]}</span>: {evidenceInWords(choice.evidence)} from the votes alone (item-bias must do 3 times better). Chosen {choice.chosenAt.toISOString().slice(0, 16).replace("T", " ")} UTC on{" "}
          {choice.reviews} reviews and {choice.goldItems} gold items; chosen again once either doubles.
        </>
      ) : (
        <>Dawid-Skene, nothing chosen yet: the worker chooses once this run has gold answers and the campaign has reviews.</>
      )}
    </li>
  );
}

/** Which model each consensus run uses, and why: gold chooses it, off the request path, as the campaign grows. */
export function ModelChoice({ models, labelRun }: { models: StoredModelChoices; labelRun: boolean }) {
  return (
    <section>
      <h2 className="mb-2 text-lg font-semibold">Consensus model</h2>
      <p className="mb-2 text-sm text-slate-600">
        Each model is fitted to the votes with the gold answers held out, and scored by how well it predicts them. The item-bias model, for samples that look like another class,
        must do at least 3 times better to replace Dawid-Skene.
      </p>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
        <Run title="Accept or reject" choice={models.verdict} />
        {labelRun && <Run title="Labels" choice={models.label} />}
      </ul>
    </section>
  );
}
