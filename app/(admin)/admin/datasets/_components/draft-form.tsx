"use client";
import { useActionState } from "react";
import { formatUnits } from "viem";
import type { TVersionFilters } from "@/lib/schemas/dataset";
import { publishAction, saveDraftAction, type FormState } from "../actions";
import { Field, FormMessage, inputClass } from "@/app/_components/form-fields";
import { ConfirmButton } from "../../_components/confirm-button";

export function DraftForm(props: { datasetId: string; draft: { id: string; priceWei: string; filters: TVersionFilters } | null; labels: string[] }) {
  const { datasetId, draft, labels } = props;
  const [state, action, pending] = useActionState<FormState, FormData>(saveDraftAction.bind(null, datasetId, draft?.id ?? null), { message: null, errors: {} });
  const e = state.errors;
  const f = draft?.filters;
  return (
    <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6" noValidate>
      <h2 className="text-lg font-semibold">{draft ? "Draft version" : "New version"}</h2>
      <FormMessage message={state.message} ok={state.ok} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="minPosterior" label="Minimum consensus posterior" error={e.minPosterior} hint="0 to 1; 0 takes every accepted sample">
          <input id="minPosterior" name="minPosterior" type="number" step="0.01" min="0" max="1" defaultValue={f?.minPosterior ?? 0} className={inputClass} aria-invalid={Boolean(e.minPosterior)} />
        </Field>
        <Field name="price" label="Price (DATA)" error={e.price}>
          <input id="price" name="price" defaultValue={draft ? formatUnits(BigInt(draft.priceWei), 18) : ""} className={inputClass} aria-invalid={Boolean(e.price)} />
        </Field>
        <Field name="from" label="Collected from (UTC day)" error={e.from}>
          <input id="from" name="from" type="date" defaultValue={f?.from ?? ""} className={inputClass} aria-invalid={Boolean(e.from)} />
        </Field>
        <Field name="to" label="Collected until (UTC day, inclusive)" error={e.to}>
          <input id="to" name="to" type="date" defaultValue={f?.to ?? ""} className={inputClass} aria-invalid={Boolean(e.to)} />
        </Field>
      </div>
      {labels.length > 0 && (
        <fieldset>
          <legend className="text-sm font-medium">Labels (none ticked: all)</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {labels.map((label) => (
              <label key={label} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="labels" value={label} defaultChecked={f?.labels.includes(label)} /> {label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <button type="submit" disabled={pending} className="rounded-md border border-brand-600 px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-50">
        {pending ? "Saving…" : draft ? "Save draft" : "Create draft"}
      </button>
    </form>
  );
}

export function PublishButton(props: { datasetId: string; versionId: string; datasetName: string; version: string; sampleCount: number; merkleRoot: string | null }) {
  const { datasetId, versionId, datasetName, version, sampleCount, merkleRoot } = props;
  const [state, action] = useActionState<FormState, FormData>(publishAction.bind(null, datasetId, versionId), { message: null, errors: {} });
  return (
    <form action={action} className="space-y-2">
      <FormMessage message={state.message} ok={state.ok} />
      {merkleRoot && <input type="hidden" name="expectedRoot" value={merkleRoot} />}
      <ConfirmButton
        title={`Publish ${version} of ${datasetName}?`}
        confirmLabel={`Publish ${version}`}
        tone="primary"
        pendingLabel="Publishing on-chain…"
        className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        description={
          <>
            <p>
              Publishes {version} of {datasetName}: {sampleCount.toLocaleString("en-US")} {sampleCount === 1 ? "sample" : "samples"}, Merkle root{" "}
              <span className="break-all font-mono text-xs">{merkleRoot ?? "(none: nothing is selected)"}</span>, recorded on-chain in the dataset registry.
            </p>
            <p className="font-medium">This cannot be undone: the version and its root stay on-chain and buyers can buy it at once.</p>
          </>
        }
      >
        Publish version
      </ConfirmButton>
    </form>
  );
}
