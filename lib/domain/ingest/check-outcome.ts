import { refusal, type IngestRefusal, type IngestRefusalCode, type IngestRefusalParams } from "./reasons";

/** What every ingest check returns: the checked (often normalised) value, or the reason it was refused. */
export type CheckOutcome<T> = { ok: true; value: T } | { ok: false; refusal: IngestRefusal };

export function passed<T>(value: T): CheckOutcome<T> {
  return { ok: true, value };
}

export function refused<C extends IngestRefusalCode>(code: C, params: IngestRefusalParams<C>): { ok: false; refusal: IngestRefusal } {
  return { ok: false, refusal: refusal(code, params) };
}
