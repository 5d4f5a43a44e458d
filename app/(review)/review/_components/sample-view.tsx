import { ZoomableImage } from "@/app/_components/zoomable-image";
import type { QuizItem } from "@/lib/server/quiz/start-quiz";
import type { ClientTask } from "@/lib/server/reviews/review-task";

/**
 * The sample as the reviewer judges it: content, the contributor's labels, and (classification) the label keys.
 * data-task-id names a queue item by the reviewer's own task id (their actions already carry it): text alone does not,
 * an image has none. A quiz item has no id to show (its gold must stay unrecognisable): only its position.
 */
export function SampleView({ task, chosenLabel }: { task: ClientTask | QuizItem; chosenLabel: string | null }) {
  const schema = task.campaign.labelSchema;
  // The label chosen with 1-9 is what the verdict will say; show it in words too, not only as a highlighted key.
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-500">
        {task.campaign.title} · {task.campaign.dataType.toLowerCase()}
      </p>
      <div data-testid="review-content" data-task-id={"taskId" in task ? task.taskId : undefined} data-quiz-item={"item" in task ? task.item : undefined} className="rounded-lg border border-slate-200 bg-white p-6">
        {task.content.kind === "text" ? (
          <p className="whitespace-pre-wrap text-lg leading-relaxed">{task.content.text}</p>
        ) : (
          <ZoomableImage src={`/api/blobs/${task.content.blobKey}`} alt="The sample under review" />
        )}
      </div>
      <div className="text-sm">
        <span className="font-medium">Contributor&apos;s labels: </span>
        <span data-testid="contributor-labels">{task.contributorLabels.join(", ") || "—"}</span>
      </div>
      {schema.kind === "single_label" && (
        <ol aria-label="Labels" className="flex flex-wrap gap-2 text-sm">
          {schema.labels.slice(0, 9).map((label, i) => (
            <li key={label} aria-current={chosenLabel === label ? "true" : undefined} className="rounded border border-slate-300 px-2 py-1 aria-[current=true]:border-brand-600 aria-[current=true]:bg-brand-50">
              <kbd className="mr-1 font-mono text-xs text-slate-500">{i + 1}</kbd>
              {label}
            </li>
          ))}
        </ol>
      )}
      {chosenLabel && (
        <p className="text-sm" data-testid="chosen-label">
          Your label: <strong>{chosenLabel}</strong>
        </p>
      )}
    </div>
  );
}

export function KeyboardLegend({ classification, quiz = false }: { classification: boolean; quiz?: boolean }) {
  const keys: [string, string][] = [
    ["A", "accept"],
    ["R", quiz ? "reject" : "reject, then 1–4 for the reason"],
    ...(classification ? ([["1–9", "pick the label you see"]] as [string, string][]) : []),
    ...(quiz
      ? []
      : ([
          ["S", "skip"],
          ["U", "undo your last verdict (10 s)"],
        ] as [string, string][])),
  ];
  return (
    <dl aria-label="Keyboard shortcuts" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
      {keys.map(([key, action]) => (
        <div key={key} className="flex gap-1">
          <dt>
            <kbd className="rounded border border-slate-300 bg-white px-1 font-mono">{key}</kbd>
          </dt>
          <dd>{action}</dd>
        </div>
      ))}
    </dl>
  );
}
