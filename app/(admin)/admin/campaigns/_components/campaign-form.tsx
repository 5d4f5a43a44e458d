"use client";
import { useActionState, useState } from "react";
import { slugFromTitle } from "@/lib/domain/campaigns/slug";
import { CAMPAIGN_LICENCES } from "@/lib/schemas/campaign";
import type { CampaignFormState } from "../actions";
import { Field, inputClass as input } from "@/app/_components/form-fields";

export type CampaignFormDefaults = Record<string, string>;

export function CampaignForm({
  action,
  defaults,
  submitLabel,
}: {
  action: (state: CampaignFormState, form: FormData) => Promise<CampaignFormState>;
  defaults: CampaignFormDefaults;
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, { message: null, errors: {} });
  const values = { ...defaults, ...state.values };
  const [labelKind, setLabelKind] = useState(values.labelKind ?? "single_label");
  const e = state.errors;
  // The URL name follows the title as the admin types, until they edit it themselves (or it was saved already).
  const [slug, setSlug] = useState(values.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(Boolean(values.slug));
  const text = (name: string, label: string, hint?: string, type = "text") => (
    <Field name={name} label={label} error={e[name]} hint={hint}>
      <input id={name} name={name} type={type} defaultValue={values[name]} aria-invalid={Boolean(e[name])} aria-describedby={e[name] ? `${name}-error` : undefined} className={input} />
    </Field>
  );
  const select = (name: string, label: string, options: readonly (readonly [string, string])[]) => (
    <Field name={name} label={label} error={e[name]}>
      <select id={name} name={name} defaultValue={values[name]} aria-invalid={Boolean(e[name])} className={input}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <form action={formAction} className="space-y-6 rounded-lg border border-slate-200 bg-white p-6" noValidate>
      {state.message && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {state.message}
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="title" label="Title" error={e.title}>
          <input
            id="title"
            name="title"
            type="text"
            defaultValue={values.title}
            onChange={(ev) => !slugEdited && setSlug(slugFromTitle(ev.target.value))}
            aria-invalid={Boolean(e.title)}
            aria-describedby={e.title ? "title-error" : undefined}
            className={input}
          />
        </Field>
        <Field name="slug" label="URL name" error={e.slug} hint="lowercase-with-dashes, used in the campaign's address; filled from the title until you edit it">
          <input
            id="slug"
            name="slug"
            type="text"
            value={slug}
            onChange={(ev) => {
              setSlug(ev.target.value);
              setSlugEdited(true);
            }}
            aria-invalid={Boolean(e.slug)}
            aria-describedby={e.slug ? "slug-error" : undefined}
            className={input}
          />
        </Field>
      </div>
      <Field name="description" label="Description" error={e.description}>
        <textarea id="description" name="description" rows={4} defaultValue={values.description} aria-invalid={Boolean(e.description)} className={input} />
      </Field>
      <div className="grid gap-4 md:grid-cols-3">
        {select("dataType", "Data type", [
          ["TEXT", "Text"],
          ["IMAGE", "Image"],
        ])}
        <Field name="labelKind" label="Label schema" error={e.labelKind}>
          <select id="labelKind" name="labelKind" value={labelKind} onChange={(ev) => setLabelKind(ev.target.value)} className={input}>
            <option value="single_label">Single label (pick one)</option>
            <option value="multi_label">Multi-label (pick several)</option>
            <option value="free_text">Free text (caption, answer)</option>
          </select>
        </Field>
        {select("licence", "Dataset licence (SPDX)", CAMPAIGN_LICENCES.map((l) => [l, l] as const))}
      </div>
      {labelKind === "free_text" ? (
        <div className="grid gap-4 md:grid-cols-3">
          {text("prompt", "Prompt shown to contributors")}
          {text("answerMin", "Answer min length", undefined, "number")}
          {text("answerMax", "Answer max length", undefined, "number")}
        </div>
      ) : (
        <div className="grid gap-4 md:grid-cols-3">
          <div className="md:col-span-2">{text("labels", "Labels", "comma-separated, e.g. positive, negative, neutral")}</div>
          {labelKind === "multi_label" && text("maxLabels", "Max labels per item (optional)", undefined, "number")}
        </div>
      )}
      <div className="grid gap-4 md:grid-cols-3">
        {text("reward", "Reward per accepted sample (DATA)")}
        {text("budget", "Budget (DATA)")}
        {text("targetSamples", "Target samples", undefined, "number")}
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        {text("reviewsPerItem", "Reviews per sample (k)", undefined, "number")}
        {text("maxReviews", "Max reviews (k_max)", undefined, "number")}
        {text("acceptThreshold", "Acceptance threshold", "posterior needed to accept, e.g. 0.9")}
      </div>
      <div className="grid gap-4 md:grid-cols-5">
        {text("reviewerFee", "Reviewer fee (DATA)", "paid per verdict that agrees with the decision")}
        {text("goldRate", "Gold rate", "share of the queue served from gold items")}
        {text("quizSize", "Quiz items", undefined, "number")}
        {text("quizPassMark", "Quiz pass mark", "share of quiz items to get right")}
        {text("reliabilityFloor", "Reliability floor", "below it a reviewer gets no more items")}
      </div>
      <div className="grid gap-4 md:grid-cols-4">
        {select("status", "Status", [
          ["DRAFT", "Draft (hidden)"],
          ["OPEN", "Open"],
          ["CLOSED", "Closed"],
        ])}
        {select("nearDuplicatePolicy", "Near duplicates", [
          ["REFUSE", "Refuse"],
          ["FLAG", "Accept into review, flagged"],
        ])}
        {text("maxPendingPerContributor", "Max pending per contributor", undefined, "number")}
        <div className="grid grid-cols-2 gap-2">
          {text("textMinLength", "Text min", undefined, "number")}
          {text("textMaxLength", "Text max", undefined, "number")}
        </div>
      </div>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
