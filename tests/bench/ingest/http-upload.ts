// Bulk upload through the real HTTP API: multipart requests with a JSONL manifest, a fixed number in flight.
import type { GeneratedText } from "./texts";

type UploadBody = {
  queued?: number;
  refused?: number;
  results?: { line: number; status: "queued" | "refused"; code?: string }[];
  error?: { code: string; message: string };
};

export type UploadRun = {
  requests: number;
  items: number;
  queued: number;
  refused: number;
  /** Refusal codes and how often each came back. */
  refusals: Record<string, number>;
  /** Requests that did not answer 201, with their status and error. */
  failures: string[];
  wallMs: number;
  latenciesMs: number[];
};

function manifestOf(items: readonly GeneratedText[]): FormData {
  const form = new FormData();
  form.append("manifest", items.map((item) => JSON.stringify({ text: item.text, labels: item.label })).join("\n"));
  form.append("manifestFormat", "jsonl");
  return form;
}

/** Sends `items` in requests of `batch` items, `concurrency` requests in flight; latency is send to parsed answer. */
export async function uploadAll(
  url: string,
  apiKey: string,
  items: readonly GeneratedText[],
  options: { batch: number; concurrency: number; onProgress?: (done: number, total: number) => void },
): Promise<UploadRun> {
  const batches: GeneratedText[][] = [];
  for (let i = 0; i < items.length; i += options.batch) batches.push(items.slice(i, i + options.batch));
  const run: UploadRun = { requests: batches.length, items: items.length, queued: 0, refused: 0, refusals: {}, failures: [], wallMs: 0, latenciesMs: [] };
  let next = 0;
  let done = 0;

  const one = async (batch: GeneratedText[]): Promise<void> => {
    const body = manifestOf(batch);
    const started = performance.now();
    const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${apiKey}` }, body });
    const text = await response.text();
    run.latenciesMs.push(performance.now() - started);
    let answer: UploadBody;
    try {
      answer = JSON.parse(text) as UploadBody;
    } catch {
      answer = { error: { code: "NOT_JSON", message: text.slice(0, 200) || "(empty body)" } };
    }
    if (response.status !== 201) run.failures.push(`${response.status} ${answer.error?.code ?? ""} ${answer.error?.message ?? JSON.stringify(answer).slice(0, 200)}`);
    run.queued += answer.queued ?? 0;
    run.refused += answer.refused ?? 0;
    for (const result of answer.results ?? []) if (result.status === "refused") run.refusals[result.code ?? "?"] = (run.refusals[result.code ?? "?"] ?? 0) + 1;
    done += batch.length;
    options.onProgress?.(done, items.length);
  };

  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, batches.length) }, async () => {
      while (next < batches.length) await one(batches[next++]!);
    }),
  );
  run.wallMs = performance.now() - started;
  return run;
}

/** Nearest-rank percentile (p in [0, 100]) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
