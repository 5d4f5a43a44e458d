import { AppError, APP_ERROR_STATUS, type AppErrorCode } from "@/lib/errors";
import { ACCEPTED_DATA_NOUN, type IngestDataType } from "./data-type";
import { formatBytes, formatCount, formatDuration, formatMegapixels } from "./format-quantities";

// The closed set of reasons an upload can be refused. Each has one AppError code (hence one HTTP status, mapped
// once in lib/errors.ts) and builds its own sentence from typed parameters, so a check cannot refuse without
// saying why, and the client gets the same parameters as machine-readable `details`.

type Reason<P> = { appErrorCode: AppErrorCode; message: (params: P) => string };

function reason<P>(appErrorCode: AppErrorCode, message: (params: P) => string): Reason<P> {
  return { appErrorCode, message };
}

const REASONS = {
  // 413: too large
  FILE_TOO_LARGE: reason("PAYLOAD_TOO_LARGE", (p: { dataType: IngestDataType; sizeBytes: number; maxBytes: number; sentAs?: SentAs }) =>
    `${sentThing(p.sentAs)} is ${formatBytes(p.sizeBytes)}; the limit for ${p.dataType === "TEXT" ? "text" : "images"} is ${formatBytes(p.maxBytes)}.`,
  ),
  IMAGE_DIMENSIONS_TOO_LARGE: reason(
    "PAYLOAD_TOO_LARGE",
    (p: { width: number; height: number; maxPixels: number; maxSide: number }) =>
      `This image is ${p.width} × ${p.height} pixels (${formatMegapixels(p.width * p.height)}); ` +
      `the limit is ${formatMegapixels(p.maxPixels)} and ${p.maxSide} pixels per side.`,
  ),

  // 415: wrong type
  CONTENT_TYPE_NOT_ACCEPTED: reason(
    "UNSUPPORTED_MEDIA_TYPE",
    (p: { dataType: IngestDataType; detected: string; fileName?: string; sentAs?: SentAs }) =>
      p.sentAs === "line" && p.dataType === "IMAGE"
        ? `This line is text, but this campaign accepts ${ACCEPTED_DATA_NOUN.IMAGE} only: send image files, not text lines.`
        : `${sentThing(p.sentAs)} is ${p.detected}${namedAs(p.fileName)}, but this campaign accepts ${ACCEPTED_DATA_NOUN[p.dataType]}.`,
  ),
  EXECUTABLE_NOT_ACCEPTED: reason("UNSUPPORTED_MEDIA_TYPE", (p: { detected: string; fileName?: string; sentAs?: SentAs }) =>
    `${sentThing(p.sentAs)} is ${p.detected}${namedAs(p.fileName)}. Executables are not accepted.`,
  ),
  MARKUP_NOT_ACCEPTED: reason("UNSUPPORTED_MEDIA_TYPE", (p: { markup: "HTML" | "XML" | "SVG"; startsWith: string }) =>
    `${p.markup} is not accepted: this content starts with "${p.startsWith}". Send plain text or an image file instead.`,
  ),

  // 422: invalid content or labels
  FILE_EMPTY: reason("VALIDATION", (p: { sentAs?: SentAs }) => `${sentThing(p.sentAs)} is empty.`),
  TEXT_NOT_UTF8: reason("VALIDATION", (p: { byteOffset?: number; looksLikeUtf16?: boolean }) =>
    p.looksLikeUtf16
      ? "This text is encoded as UTF-16; save it as UTF-8 and upload it again."
      : `This text is not valid UTF-8${p.byteOffset === undefined ? "" : ` (the first bad byte is at offset ${p.byteOffset})`}; save it as UTF-8 and upload it again.`,
  ),
  TEXT_CONTROL_CHARACTER: reason("VALIDATION", (p: { codePoint: string; position: number }) =>
    `This text contains the control character ${p.codePoint} at character ${p.position}; only tabs and line breaks are allowed.`,
  ),
  TEXT_EMPTY: reason("VALIDATION", (_p: Record<string, never>) => "This text is empty or only whitespace."),
  TEXT_TOO_SHORT: reason("VALIDATION", (p: { length: number; minLength: number }) =>
    `This text is ${formatCount(p.length, "character")} long; this campaign needs at least ${p.minLength}.`,
  ),
  TEXT_TOO_LONG: reason("VALIDATION", (p: { length: number; maxLength: number }) =>
    `This text is ${formatCount(p.length, "character")} long; this campaign accepts at most ${p.maxLength}.`,
  ),
  IMAGE_CORRUPT: reason("VALIDATION", (p: { format?: string; problem: string }) =>
    `This ${p.format ? `${p.format.toUpperCase()} ` : ""}image cannot be read: ${p.problem}. It may be truncated or damaged.`,
  ),
  IMAGE_TOO_SMALL: reason("VALIDATION", (p: { width: number; height: number; minSide: number }) =>
    `This image is ${p.width} × ${p.height} pixels; each side must be at least ${p.minSide} pixels.`,
  ),
  LABELS_INVALID: reason("VALIDATION", (p: { problems: string[] }) => p.problems.join(" ")),

  // 409: duplicates. The messages never name the other sample: it may belong to someone else.
  DUPLICATE_CONTENT: reason("CONFLICT", (_p: Record<string, never>) => "This campaign already has this exact content."),
  NEAR_DUPLICATE: reason("CONFLICT", (p: { similarityPercent: number }) =>
    `This campaign already has a sample that is ${p.similarityPercent}% similar to this one; near duplicates are not accepted.`,
  ),

  // 429: too many
  RATE_LIMITED: reason("RATE_LIMITED", (p: { used: number; items: number; maxItems: number; windowMs: number; retryAfterMs: number }) =>
    p.items > p.maxItems
      ? `This upload holds ${formatCount(p.items, "sample")}, more than the ${p.maxItems} one wallet may upload per ${formatDuration(p.windowMs)}; ` +
        "split it into smaller uploads."
      : `You have uploaded ${formatCount(p.used, "sample")} in the last ${formatDuration(p.windowMs)} and this upload holds ${p.items} more; ` +
        `the most allowed is ${formatCount(p.maxItems, "sample")} per ${formatDuration(p.windowMs)}. Try again in ${formatDuration(p.retryAfterMs)}.`,
  ),
  PENDING_CAP_REACHED: reason("RATE_LIMITED", (p: { pending: number; maxPending: number }) =>
    `You have ${formatCount(p.pending, "sample")} waiting for review in this campaign (the most allowed is ${p.maxPending}); ` +
    "upload more once some have been reviewed.",
  ),
} as const;

export type IngestRefusalCode = keyof typeof REASONS;
export type IngestRefusalParams<C extends IngestRefusalCode> = Parameters<(typeof REASONS)[C]["message"]>[0];

export const INGEST_REFUSAL_CODES = Object.keys(REASONS) as IngestRefusalCode[];

/** A refused upload as stored in Sample.checks and sent to the client. */
export type IngestRefusal<C extends IngestRefusalCode = IngestRefusalCode> = {
  code: C;
  status: number;
  message: string;
  details: IngestRefusalParams<C>;
};

export function refusal<C extends IngestRefusalCode>(code: C, params: IngestRefusalParams<C>): IngestRefusal<C> {
  const entry = REASONS[code] as Reason<IngestRefusalParams<C>>;
  return { code, status: APP_ERROR_STATUS[entry.appErrorCode], message: entry.message(params), details: params };
}

export function refusalAppErrorCode(code: IngestRefusalCode): AppErrorCode {
  return REASONS[code].appErrorCode;
}

/** For services that throw: the route's error mapping then answers with the right status and the same sentence. */
export function refusalToAppError(refused: IngestRefusal): AppError {
  return new AppError(refusalAppErrorCode(refused.code), refused.message, {
    details: { reason: refused.code, ...refused.details },
  });
}

/** How the item was sent: a file, or a line of the manifest carrying its text (pasted text in the browser). */
export type SentAs = "file" | "line";

// A refusal names what the contributor sent, so that a pasted line is never called "a file".
function sentThing(sentAs: SentAs | undefined): string {
  return sentAs === "line" ? "This line" : "This file";
}

// The name is the contributor's own input: only a short, plain extension is echoed back.
function namedAs(fileName: string | undefined): string {
  const extension = /(\.[A-Za-z0-9]{1,10})$/.exec(fileName ?? "")?.[1];
  return extension ? ` (even though its name ends in ${extension})` : "";
}
