"use client";
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import type { UploadItemResult, UploadResponse } from "@/lib/schemas/upload-result";
import { LabelPicker, emptyLabel, type LabelValue } from "./label-picker";

type Item = {
  key: string;
  kind: "file" | "text";
  file?: File;
  text?: string;
  label: LabelValue;
  progress: number;
  result?: UploadItemResult | { status: "error"; message: string };
};

const CONCURRENCY = 3;

function describeItem(item: Item): string {
  return item.kind === "file" ? (item.file?.name ?? "file") : (item.text ?? "").slice(0, 80);
}

/** Sends one item as its own multipart request, so that each has a real byte-level progress bar. */
function sendItem(campaignId: string, item: Item, onProgress: (fraction: number) => void): Promise<UploadResponse | { error: { message: string } }> {
  return new Promise((resolve) => {
    const form = new FormData();
    const line = item.kind === "file" ? { file: item.file?.name, labels: item.label } : { text: item.text, labels: item.label };
    form.append("manifest", JSON.stringify(line));
    if (item.file) form.append("files", item.file, item.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/campaigns/${campaignId}/samples`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      try {
        resolve(JSON.parse(xhr.responseText));
      } catch {
        resolve({ error: { message: `The server answered ${xhr.status} without details.` } });
      }
    };
    xhr.onerror = () => resolve({ error: { message: "The upload failed: the server could not be reached." } });
    xhr.send(form);
  });
}

export function Uploader({ campaignId, schema, accept }: { campaignId: string; schema: TLabelSchema; accept: string }) {
  const router = useRouter();
  const [items, setItems] = useState<Item[]>([]);
  const [pasted, setPasted] = useState("");
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [applyAll, setApplyAll] = useState<LabelValue>(emptyLabel(schema));
  const counter = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);

  const update = useCallback((key: string, patch: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i))), []);

  const addFiles = (files: FileList | File[]) => {
    const added = [...files].map((file) => ({ key: `f${counter.current++}`, kind: "file" as const, file, label: emptyLabel(schema), progress: 0 }));
    setItems((all) => [...all, ...added]);
  };
  const addTexts = () => {
    const texts = pasted
      .split(/\n/)
      .map((t) => t.trim())
      .filter(Boolean);
    setItems((all) => [...all, ...texts.map((text) => ({ key: `t${counter.current++}`, kind: "text" as const, text, label: emptyLabel(schema), progress: 0 }))]);
    setPasted("");
  };

  const upload = async () => {
    setBusy(true);
    const queue = items.filter((i) => !i.result || i.result.status !== "queued");
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const current = item;
        update(current.key, { progress: 0, result: undefined });
        const response = await sendItem(campaignId, current, (p) => update(current.key, { progress: p }));
        const result = "error" in response ? { status: "error" as const, message: response.error.message } : response.results[0];
        update(current.key, { progress: 1, result: result ?? { status: "error", message: "No result for this item." } });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    setBusy(false);
    // The campaign's counts above (waiting for review, budget) changed: re-render them, keeping this list as it is.
    router.refresh();
  };

  const done = items.filter((i) => i.result).length;
  const overall = items.length === 0 ? 0 : items.reduce((sum, i) => sum + (i.result ? 1 : i.progress), 0) / items.length;
  const queued = items.filter((i) => i.result?.status === "queued").length;
  const refused = items.filter((i) => i.result && i.result.status !== "queued").length;
  const unlabeled = items.some((i) => (Array.isArray(i.label) ? i.label.length === 0 : i.label === ""));

  return (
    <section aria-label="Upload samples" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Upload samples</h2>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          addFiles(e.dataTransfer.files);
        }}
        className={`rounded-lg border-2 border-dashed p-6 text-center text-sm ${dragging ? "border-brand-500 bg-brand-50" : "border-slate-300"}`}
      >
        <p>Drop files here, or</p>
        <button type="button" onClick={() => fileInput.current?.click()} className="mt-2 rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">
          Choose files
        </button>
        <input ref={fileInput} type="file" multiple accept={accept} data-testid="file-input" className="hidden" onChange={(e) => e.target.files && addFiles(e.target.files)} />
      </div>
      <div>
        <label htmlFor="paste" className="block text-sm font-medium">
          Or paste text items, one per line
        </label>
        <textarea id="paste" rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <button type="button" onClick={addTexts} disabled={!pasted.trim()} className="mt-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50">
          Add text items
        </button>
      </div>

      {items.length > 0 && (
        <>
          <div className="flex flex-wrap items-center gap-3 rounded-md bg-slate-50 p-3 text-sm">
            <span className="font-medium">Apply to all:</span>
            <LabelPicker id="apply-all" schema={schema} value={applyAll} onChange={setApplyAll} />
            <button type="button" onClick={() => setItems((all) => all.map((i) => ({ ...i, label: applyAll })))} className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100">
              Apply
            </button>
          </div>
          <ul className="divide-y divide-slate-100" aria-label="Items to upload">
            {items.map((item, index) => (
              <li key={item.key} className="flex flex-wrap items-center gap-3 py-2 text-sm" data-testid="upload-item">
                <span className="w-64 truncate" title={describeItem(item)}>
                  {describeItem(item)}
                </span>
                <LabelPicker id={`label-${index}`} schema={schema} value={item.label} onChange={(label) => update(item.key, { label })} />
                <progress className="h-2 w-32" max={1} value={item.result ? 1 : item.progress} aria-label={`Progress of ${describeItem(item)}`} />
                <span role="status" className="min-w-0 flex-1" data-testid="item-result">
                  {item.result?.status === "queued" && <span className="text-emerald-700">Queued for review</span>}
                  {item.result?.status === "refused" && <span className="text-red-700">Refused: {item.result.message}</span>}
                  {item.result?.status === "error" && <span className="text-red-700">{item.result.message}</span>}
                </span>
                {!busy && !item.result && (
                  <button type="button" onClick={() => setItems((all) => all.filter((i) => i.key !== item.key))} className="text-slate-500 hover:text-red-700" aria-label={`Remove ${describeItem(item)}`}>
                    ✕
                  </button>
                )}
              </li>
            ))}
          </ul>
          <div className="flex items-center gap-4">
            <button type="button" onClick={upload} disabled={busy || unlabeled} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
              {busy ? "Uploading…" : `Upload ${items.length} item${items.length === 1 ? "" : "s"}`}
            </button>
            {unlabeled && <span className="text-sm text-slate-500">Label every item first.</span>}
            <progress className="h-2 flex-1" max={1} value={overall} aria-label="Overall progress" />
            <span className="text-sm text-slate-600" data-testid="upload-summary">
              {done}/{items.length} done · {queued} queued · {refused} refused
            </span>
          </div>
        </>
      )}
    </section>
  );
}
