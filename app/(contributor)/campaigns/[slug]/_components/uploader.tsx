"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import type { UploadItemResult, UploadResponse } from "@/lib/schemas/upload-result";
import { LabelPicker, emptyLabel, type LabelValue } from "./label-picker";

type Item = {
  key: string;
  kind: "file" | "text";
  file?: File;
  /** An object URL of an image file, for its thumbnail before it is sent; revoked when the item goes. */
  preview?: string;
  text?: string;
  label: LabelValue;
  progress: number;
  result?: UploadItemResult | { status: "error"; message: string };
};

const CONCURRENCY = 3;

/** What the last upload answered, kept in the tab's sessionStorage so that leaving the page does not lose refusals. */
type SavedResult = { name: string; kind: "file" | "text"; result: NonNullable<Item["result"]> };
const savedKey = (campaignId: string) => `tessera.last-upload.${campaignId}`;

const SAVED_EVENT = "tessera:last-upload";

function subscribeSaved(onChange: () => void): () => void {
  window.addEventListener(SAVED_EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(SAVED_EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

function writeSaved(campaignId: string, results: SavedResult[] | null): void {
  try {
    if (results) window.sessionStorage.setItem(savedKey(campaignId), JSON.stringify(results));
    else window.sessionStorage.removeItem(savedKey(campaignId));
  } catch {
    // Storage full or disabled: the results stay on screen for this visit only.
  }
  window.dispatchEvent(new Event(SAVED_EVENT));
}

function parseSaved(raw: string | null): SavedResult[] {
  try {
    const parsed = raw ? (JSON.parse(raw) as unknown) : null;
    return Array.isArray(parsed) ? (parsed as SavedResult[]) : [];
  } catch {
    return [];
  }
}

function ItemResult({ result }: { result: Item["result"] }) {
  if (!result) return null;
  if (result.status === "queued") return <span className="text-emerald-700">Queued for review</span>;
  if (result.status === "error") return <span className="text-red-700">{result.message}</span>;
  return <span className="text-red-700">Refused: {result.message}</span>;
}

/** Beside a duplicate's refusal: the earlier sample, which the server names only when it is the uploader's own. */
function DuplicateLink({ result }: { result: Item["result"] }) {
  if (result?.status !== "refused" || !result.duplicateOf) return null;
  return (
    <Link href={`/samples/${result.duplicateOf}`} className="text-sm text-brand-700 underline">
      See your earlier sample
    </Link>
  );
}

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

export function Uploader({ campaignId, schema, accept, dataType }: { campaignId: string; schema: TLabelSchema; accept: string; dataType: "TEXT" | "IMAGE" }) {
  const router = useRouter();
  const [items, setItems] = useState<Item[]>([]);
  const [pasted, setPasted] = useState("");
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [applyAll, setApplyAll] = useState<LabelValue>(emptyLabel(schema));
  const counter = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  // sessionStorage exists only in the browser: the server renders no saved results, the browser reads them.
  const savedRaw = useSyncExternalStore(
    subscribeSaved,
    () => {
      try {
        return window.sessionStorage.getItem(savedKey(campaignId));
      } catch {
        return null;
      }
    },
    () => null,
  );
  const saved = useMemo(() => parseSaved(savedRaw), [savedRaw]);
  const dismissSaved = () => writeSaved(campaignId, null);
  // Thumbnails hold object URLs: free them when the uploader goes.
  const previews = useRef(new Set<string>());
  useEffect(() => {
    const urls = previews.current;
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  }, []);
  const removeItem = (item: Item) => {
    if (item.preview) {
      URL.revokeObjectURL(item.preview);
      previews.current.delete(item.preview);
    }
    setItems((all) => all.filter((i) => i.key !== item.key));
  };

  const update = useCallback((key: string, patch: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i))), []);

  const addFiles = (files: FileList | File[]) => {
    const added = [...files].map((file) => {
      const preview = file.type.startsWith("image/") ? URL.createObjectURL(file) : undefined;
      if (preview) previews.current.add(preview);
      return { key: `f${counter.current++}`, kind: "file" as const, file, preview, label: emptyLabel(schema), progress: 0 };
    });
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
    const answered: (SavedResult & { position: number })[] = [];
    const position = new Map(queue.map((item, n) => [item.key, n]));
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const current = item;
        update(current.key, { progress: 0, result: undefined });
        const response = await sendItem(campaignId, current, (p) => update(current.key, { progress: p }));
        const result = ("error" in response ? { status: "error" as const, message: response.error.message } : response.results[0]) ?? { status: "error" as const, message: "No result for this item." };
        update(current.key, { progress: 1, result });
        answered.push({ name: describeItem(current), kind: current.kind, result, position: position.get(current.key) ?? 0 });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // Kept until dismissed (or replaced by the next upload): refusals must not vanish when the contributor leaves.
    writeSaved(
      campaignId,
      answered.sort((a, b) => a.position - b.position).map(({ position: _position, ...saved }) => saved),
    );
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
        <p>{dataType === "IMAGE" ? "Drop images here (PNG, JPEG, WebP or GIF), or" : "Drop .txt files here (one sample per file), or"}</p>
        <button type="button" onClick={() => fileInput.current?.click()} className="mt-2 rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50">
          {dataType === "IMAGE" ? "Choose images" : "Choose files"}
        </button>
        <input ref={fileInput} type="file" multiple accept={accept} data-testid="file-input" className="hidden" onChange={(e) => e.target.files && addFiles(e.target.files)} />
      </div>
      {dataType === "TEXT" && (
      <div>
        <label htmlFor="paste" className="block text-sm font-medium">
          Or paste text items, one per line
        </label>
        <textarea id="paste" rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        <button type="button" onClick={addTexts} disabled={!pasted.trim()} className="mt-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50">
          Add text items
        </button>
      </div>
      )}
      {saved.length > 0 && items.length === 0 && (
        <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="last-upload">
          <div className="flex items-center justify-between gap-2">
            <h3 className="font-medium">
              Your last upload: {saved.filter((r) => r.result.status === "queued").length} queued, {saved.filter((r) => r.result.status !== "queued").length} refused
            </h3>
            <button type="button" onClick={dismissSaved} className="rounded-md border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100">
              Dismiss
            </button>
          </div>
          <ul className="mt-2 space-y-1">
            {saved.map((r, i) => (
              <li key={i} className="flex flex-wrap gap-2" data-testid="last-upload-item">
                <span className="max-w-64 truncate text-slate-600" title={r.name}>
                  {r.name}
                </span>
                <ItemResult result={r.result} />
                <DuplicateLink result={r.result} />
              </li>
            ))}
          </ul>
        </div>
      )}

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
                {item.preview && (
                  // eslint-disable-next-line @next/next/no-img-element -- a local object URL of the chosen file, never sent anywhere
                  <img src={item.preview} alt={`Preview of ${describeItem(item)}`} className="h-16 w-16 rounded border border-slate-200 object-cover" data-testid="upload-thumbnail" />
                )}
                <span className="w-64 max-w-full truncate" title={describeItem(item)}>
                  {describeItem(item)}
                </span>
                <LabelPicker id={`label-${index}`} schema={schema} value={item.label} onChange={(label) => update(item.key, { label })} />
                <progress className="h-2 w-32" max={1} value={item.result ? 1 : item.progress} aria-label={`Progress of ${describeItem(item)}`} />
                <span role="status" className="min-w-0 flex-1" data-testid="item-result">
                  <ItemResult result={item.result} />
                </span>
                <DuplicateLink result={item.result} />
                {!busy && !item.result && (
                  <button type="button" onClick={() => removeItem(item)} className="text-slate-500 hover:text-red-700" aria-label={`Remove ${describeItem(item)}`}>
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
