"use client";
import { useActionState } from "react";
import { createDatasetAction, type FormState } from "../actions";
import { Field, FormMessage, inputClass } from "@/app/_components/form-fields";

export function DatasetForm({ campaigns }: { campaigns: { id: string; title: string }[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(createDatasetAction, { message: null, errors: {} });
  const e = state.errors;
  return (
    <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6" noValidate>
      <h2 className="text-lg font-semibold">New dataset</h2>
      <FormMessage message={state.message} ok={state.ok} />
      <Field name="campaignId" label="From campaign" error={e.campaignId}>
        <select id="campaignId" name="campaignId" className={inputClass} aria-invalid={Boolean(e.campaignId)}>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </Field>
      <Field name="name" label="Name" error={e.name}>
        <input id="name" name="name" className={inputClass} aria-invalid={Boolean(e.name)} />
      </Field>
      <Field name="slug" label="URL name" error={e.slug} hint="lowercase letters, digits and dashes">
        <input id="slug" name="slug" className={inputClass} aria-invalid={Boolean(e.slug)} />
      </Field>
      <Field name="description" label="Description" error={e.description}>
        <textarea id="description" name="description" rows={3} className={inputClass} aria-invalid={Boolean(e.description)} />
      </Field>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {pending ? "Creating…" : "Create dataset"}
      </button>
    </form>
  );
}
