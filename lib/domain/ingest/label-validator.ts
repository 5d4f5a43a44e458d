import { z } from "zod";
import type { TLabelSchema, TSampleLabels, TSampleLabelsFor } from "@/lib/schemas/label-schema";
import { passed, refused, type CheckOutcome } from "./check-outcome";
import { countCharacters, findForbiddenControl } from "./text-content";

// A campaign's label schema is data; this turns it into a zod validator at run time, so the form, the server
// action and the bulk API all refuse the same labels with the same sentences. Labels are matched exactly (after
// trimming): the schema itself forbids two labels that differ only in case.

export function labelValidator<S extends TLabelSchema>(schema: S): z.ZodType<TSampleLabelsFor<S["kind"]>>;
export function labelValidator(schema: TLabelSchema): z.ZodType<TSampleLabels> {
  switch (schema.kind) {
    case "single_label":
      return singleLabel(schema.labels);
    case "multi_label":
      return multiLabel(schema.labels, schema.maxLabels ?? schema.labels.length);
    case "free_text":
      return freeText(schema.minLength, schema.maxLength);
  }
}

/** The labels check: the validated (trimmed, normalised) labels, or every problem in one sentence each. */
export function checkLabels(schema: TLabelSchema, input: unknown): CheckOutcome<TSampleLabels> {
  const result = cachedValidator(schema).safeParse(input);
  if (result.success) return passed(result.data);
  return refused("LABELS_INVALID", { problems: result.error.issues.map((issue) => issue.message) });
}

// Building a validator costs more than running it; an upload checks thousands of items against one schema object.
const validators = new WeakMap<TLabelSchema, z.ZodType<TSampleLabels>>();

function cachedValidator(schema: TLabelSchema): z.ZodType<TSampleLabels> {
  let validator = validators.get(schema);
  if (!validator) {
    validator = labelValidator(schema);
    validators.set(schema, validator);
  }
  return validator;
}

function singleLabel(labels: readonly string[]): z.ZodType<string> {
  const known = new Set(labels);
  return z
    .string({ error: `Choose one label: ${labels.join(", ")}.` })
    .trim()
    .superRefine((value, ctx) => {
      if (!known.has(value)) ctx.addIssue({ code: "custom", message: notALabel(value, labels) });
    });
}

function multiLabel(labels: readonly string[], maxLabels: number): z.ZodType<string[]> {
  const known = new Set(labels);
  return z
    .array(z.string({ error: "Each label must be text." }).trim(), { error: `Choose one or more labels: ${labels.join(", ")}.` })
    .superRefine((values, ctx) => {
      if (values.length === 0) ctx.addIssue({ code: "custom", message: `Choose at least one label: ${labels.join(", ")}.` });
      const seen = new Set<string>();
      const reported = new Set<string>();
      for (const value of values) {
        if (reported.has(value)) continue;
        if (!known.has(value)) {
          ctx.addIssue({ code: "custom", message: notALabel(value, labels) });
          reported.add(value);
        } else if (seen.has(value)) {
          ctx.addIssue({ code: "custom", message: `'${shown(value)}' is chosen more than once.` });
          reported.add(value);
        }
        seen.add(value);
      }
      if (values.length > maxLabels) {
        ctx.addIssue({ code: "custom", message: `Choose at most ${maxLabels} label${maxLabels === 1 ? "" : "s"}; ${values.length} are chosen.` });
      }
    });
}

function freeText(minLength: number, maxLength: number): z.ZodType<string> {
  return z
    .string({ error: "Write the answer as text." })
    .transform((value) => value.normalize("NFC").trim())
    .superRefine((value, ctx) => {
      const control = findForbiddenControl(value);
      if (control) {
        ctx.addIssue({ code: "custom", message: `The answer contains the control character ${control.codePoint}; only tabs and line breaks are allowed.` });
        return;
      }
      const length = countCharacters(value);
      if (length < minLength) ctx.addIssue({ code: "custom", message: `The answer must be at least ${minLength} characters long; it is ${length}.` });
      if (length > maxLength) ctx.addIssue({ code: "custom", message: `The answer must be at most ${maxLength} characters long; it is ${length}.` });
    });
}

function notALabel(value: string, labels: readonly string[]): string {
  return `'${shown(value)}' is not one of the labels of this campaign: ${labels.join(", ")}.`;
}

/** The value is the contributor's input: echo a bounded amount of it. */
function shown(value: string): string {
  const chars = Array.from(value);
  return chars.length <= 40 ? value : `${chars.slice(0, 40).join("")}…`;
}
