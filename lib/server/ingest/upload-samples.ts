import "server-only";
import { maxUploadBytes, type UploadRateLimit } from "@/lib/domain/ingest/limits";
import { refusalToAppError } from "@/lib/domain/ingest/reasons";
import { decodeManifestText } from "@/lib/domain/manifest/manifest-text";
import { parseManifest } from "@/lib/domain/manifest/parse-manifest";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { UploadResponse } from "@/lib/schemas/upload-result";
import type { SessionUser } from "@/lib/server/auth/session";
import { getCampaign } from "@/lib/server/campaigns/get-campaign";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";
import type { ImageDecoder } from "./image-probe";
import { ingestSamples, type IngestItem } from "./ingest-samples";
import { readUpload } from "./read-upload";
import { peekUploadQuota, takeUploadQuota } from "./upload-quota";

/**
 * The upload use case behind the HTTP API and the browser: rate limit, campaign state, streamed body with limits,
 * the manifest checked whole (valid UTF-8, well formed, at most MAX_ITEMS_PER_UPLOAD items; a bad manifest stores
 * nothing), its items counted against the wallet's rate limit, then per-item ingest.
 */
export async function uploadSamples(
  actor: SessionUser,
  campaignId: string,
  request: Request,
  deps: { rateLimit?: UploadRateLimit; storage?: StorageProvider; decodeImage?: ImageDecoder } = {},
): Promise<UploadResponse> {
  const rateLimit = deps.rateLimit ?? getEnv().uploadRateLimit;
  const early = peekUploadQuota(actor.id, rateLimit);
  if (!early.ok) throw refusalToAppError(early.refusal);
  const campaign = await getCampaign({ id: campaignId }, actor);
  if (campaign.status !== "OPEN") throw new AppError("CONFLICT", `This campaign is ${campaign.status.toLowerCase()}: it does not accept uploads.`);

  const body = await readUpload(request, maxUploadBytes(campaign.dataType));
  const text = decodeManifestText(body.manifest);
  if (!text.ok) {
    throw new AppError("VALIDATION", `Manifest rejected, nothing was stored: ${text.message}.`, { details: text.line === null ? {} : { line: text.line } });
  }
  const manifest = parseManifest(text.text, body.format, [...body.files.keys()]);
  if (!manifest.ok && manifest.problem.tooManyItems) throw new AppError("PAYLOAD_TOO_LARGE", manifest.problem.message);
  if (!manifest.ok) {
    throw new AppError("BAD_REQUEST", `Manifest rejected, nothing was stored: ${manifest.problem.message}.`, {
      details: manifest.problem.line === null ? {} : { line: manifest.problem.line },
    });
  }
  const quota = await takeUploadQuota(actor.id, manifest.items.length, rateLimit);
  if (!quota.ok) throw refusalToAppError(quota.refusal);
  const items: IngestItem[] = manifest.items.map((m) => ({
    line: m.line,
    labels: m.labels,
    ...(m.file !== undefined ? { file: body.files.get(m.file)! } : { text: m.text }),
  }));
  return ingestSamples(actor, campaign.id, items, { storage: deps.storage ?? defaultStorage(), decodeImage: deps.decodeImage });
}

/** 201 when anything was stored; otherwise the refusals' common status, or 422 when they differ. */
export function uploadStatus(response: UploadResponse): number {
  if (response.queued > 0) return 201;
  const statuses = new Set(response.results.map((r) => (r.status === "refused" ? r.httpStatus : 201)));
  return statuses.size === 1 ? [...statuses][0]! : 422;
}
