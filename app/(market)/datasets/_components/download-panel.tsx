"use client";

import { useRef, useState } from "react";
import { formatBytes } from "@/lib/domain/ingest/format-quantities";

const FORMATS = [
  { value: "parquet", label: "Parquet", hint: "pandas, 🤗 datasets, DuckDB" },
  { value: "jsonl", label: "JSONL", hint: "one JSON object per line" },
  { value: "csv", label: "CSV", hint: "RFC 4180, cells as hashed" },
  { value: "csv-safe", label: "CSV for spreadsheets", hint: "formula-like cells start with '" },
] as const;
type Format = (typeof FORMATS)[number]["value"];

type State =
  | { kind: "idle" }
  | { kind: "downloading"; received: number; total: number | null; retries: number }
  | { kind: "done"; size: number; fileName: string }
  | { kind: "error"; message: string };

const MAX_RESUMES = 3;

function fileNameOf(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallback;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `The server answered ${response.status}.`;
  } catch {
    return `The server answered ${response.status}.`;
  }
}

/**
 * Downloads a purchased version as a zip with a byte-level progress bar. A dropped connection is resumed with a
 * Range request for the missing bytes (If-Range pins them to the same zip), up to three times.
 */
export function DownloadPanel({ versionId }: { versionId: string }) {
  const [format, setFormat] = useState<Format>("parquet");
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  const url = `/api/datasets/${encodeURIComponent(versionId)}/download?format=${format}`;

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    const chunks: Uint8Array[] = [];
    let received = 0;
    let total: number | null = null;
    let etag: string | null = null;
    let fileName = `${versionId}-${format}.zip`;
    setState({ kind: "downloading", received: 0, total: null, retries: 0 });
    for (let attempt = 0; ; attempt++) {
      try {
        const headers: Record<string, string> = received > 0 && etag ? { Range: `bytes=${received}-`, "If-Range": etag } : {};
        const response = await fetch(url, { headers, signal: controller.signal, credentials: "same-origin" });
        if (!response.ok) throw new FatalError(await errorMessage(response));
        if (received > 0 && response.status !== 206) {
          chunks.length = 0; // the server sent the whole file again
          received = 0;
        }
        etag = response.headers.get("etag");
        fileName = fileNameOf(response, fileName);
        const range = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
        const length = Number(response.headers.get("content-length") ?? NaN);
        total = range ? Number(range[1]) : Number.isFinite(length) ? received + length : null;
        const reader = response.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          received += value.byteLength;
          setState({ kind: "downloading", received, total, retries: attempt });
        }
        break;
      } catch (error) {
        if (controller.signal.aborted) return setState({ kind: "error", message: "Download cancelled." });
        if (error instanceof FatalError) return setState({ kind: "error", message: error.message });
        if (attempt >= MAX_RESUMES || !etag) return setState({ kind: "error", message: "The connection dropped and the download could not be resumed. Try again." });
      }
    }
    const blob = new Blob(chunks as BlobPart[], { type: "application/zip" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    setState({ kind: "done", size: blob.size, fileName });
  };

  const busy = state.kind === "downloading";
  const fraction = busy && state.total ? state.received / state.total : null;
  return (
    <section aria-label="Download" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="text-base font-semibold">Download</h2>
      <fieldset className="mt-3 flex flex-wrap gap-3" disabled={busy}>
        <legend className="sr-only">Format</legend>
        {FORMATS.map((f) => (
          <label key={f.value} className="flex cursor-pointer items-center gap-2 rounded border border-slate-200 px-3 py-2 text-sm">
            <input type="radio" name={`format-${versionId}`} value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} />
            <span className="font-medium">{f.label}</span>
            <span className="text-slate-500">{f.hint}</span>
          </label>
        ))}
      </fieldset>
      <div className="mt-3 flex items-center gap-3">
        <button type="button" onClick={start} disabled={busy} className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {busy ? "Downloading…" : "Download zip"}
        </button>
        {busy && (
          <button type="button" onClick={() => abort.current?.abort()} className="text-sm text-slate-600 underline">
            Cancel
          </button>
        )}
        <a href={url} className="text-sm text-slate-600 underline" download>
          or let the browser download it
        </a>
      </div>
      {busy && (
        <div className="mt-3">
          <div
            role="progressbar"
            aria-label="Download progress"
            aria-valuemin={0}
            aria-valuemax={state.total ?? undefined}
            aria-valuenow={state.received}
            className="h-2 overflow-hidden rounded bg-slate-200"
          >
            <div className={`h-full bg-brand-600 transition-[width] ${fraction === null ? "w-1/3 animate-pulse" : ""}`} style={fraction === null ? undefined : { width: `${Math.round(fraction * 100)}%` }} />
          </div>
          <p className="mt-1 text-sm text-slate-600" data-testid="download-received">
            {formatBytes(state.received)}
            {state.total ? ` of ${formatBytes(state.total)}` : " received"}
            {state.retries > 0 ? ` · resumed ${state.retries}×` : ""}
          </p>
        </div>
      )}
      {state.kind === "done" && (
        <p role="status" className="mt-3 text-sm text-emerald-700">
          Saved {state.fileName} ({formatBytes(state.size)}). Check it with <code>npm run verify -- {state.fileName}</code>.
        </p>
      )}
      {state.kind === "error" && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {state.message}
        </p>
      )}
    </section>
  );
}

class FatalError extends Error {}
