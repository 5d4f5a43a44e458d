import { passed, refused, type CheckOutcome } from "./check-outcome";
import type { IngestDataType } from "./data-type";
import type { SentAs } from "./reasons";
import { maxUploadBytes } from "./limits";

/** The byte-size rule of limits.ts for bytes already in hand; the HTTP layer applies the same limit while streaming. */
export function checkSize(dataType: IngestDataType, sizeBytes: number, sentAs?: SentAs): CheckOutcome<{ sizeBytes: number }> {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) throw new RangeError(`sizeBytes must be a non-negative integer, got ${sizeBytes}.`);
  if (sizeBytes === 0) return refused("FILE_EMPTY", sentAs ? { sentAs } : {});
  const maxBytes = maxUploadBytes(dataType);
  if (sizeBytes > maxBytes) return refused("FILE_TOO_LARGE", { dataType, sizeBytes, maxBytes, ...(sentAs ? { sentAs } : {}) });
  return passed({ sizeBytes });
}
