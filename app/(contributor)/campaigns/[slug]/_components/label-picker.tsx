"use client";
import type { TLabelSchema } from "@/lib/schemas/label-schema";

export type LabelValue = string | string[];

export function emptyLabel(schema: TLabelSchema): LabelValue {
  return schema.kind === "multi_label" ? [] : "";
}

/** The label control for one item, generated from the campaign's schema. */
export function LabelPicker({ schema, value, onChange, id }: { schema: TLabelSchema; value: LabelValue; onChange: (v: LabelValue) => void; id: string }) {
  if (schema.kind === "single_label") {
    return (
      <select id={id} aria-label="Label" value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
        <option value="">Pick a label…</option>
        {schema.labels.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    );
  }
  if (schema.kind === "multi_label") {
    const selected = new Set(Array.isArray(value) ? value : []);
    return (
      <fieldset className="flex flex-wrap gap-2" aria-label="Labels">
        {schema.labels.map((l) => (
          <label key={l} className="text-sm">
            <input
              type="checkbox"
              checked={selected.has(l)}
              onChange={(e) => {
                const next = new Set(selected);
                if (e.target.checked) next.add(l);
                else next.delete(l);
                onChange(schema.labels.filter((x) => next.has(x)));
              }}
            />{" "}
            {l}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <input
      id={id}
      aria-label={schema.prompt}
      placeholder={schema.prompt}
      value={typeof value === "string" ? value : ""}
      onChange={(e) => onChange(e.target.value)}
      className="w-64 rounded-md border border-slate-300 px-2 py-1 text-sm"
    />
  );
}
