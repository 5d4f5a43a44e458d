import "server-only";
import { maxUploadBytes } from "@/lib/domain/ingest/limits";
import { refusalToAppError } from "@/lib/domain/ingest/reasons";
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
import { UploadRateLimiter } from "./rate-limiter";
import { readUpload } from "./read-upload";

const globalForLimiter = globalThis as unknown as { tesseraUploadLimiter?: UploadRateLimiter };

function limiter(): UploadRateLimiter {
  globalForLimiter.tesseraUploadLimiter ??= new UploadRateLimiter(getEnv().uploadRateLimit);
  return globalForLimiter.tesseraUploadLimiter;
}

/**
 * The upload use case behind the HTTP API and the browser: rate limit, campaign state, streamed body with limits,
 * the manifest checked whole (a bad manifest stores nothing), then per-item ingest.
 */
export async function uploadSamples(
  actor: SessionUser,
  campaignId: string,
  request: Request,
  deps: { limiter?: UploadRateLimiter; storage?: StorageProvider; decodeImage?: ImageDecoder } = {},
): Promise<UploadResponse> {
  const rate = (deps.limiter ?? limiter()).take(actor.id);
  if (!rate.ok) throw refusalToAppError(rate.refusal);
  const campaign = await getCampaign({ id: campaignId }, actor);
  if (campaign.status !== "OPEN") throw new AppError("CONFLICT", `This campaign is ${campaign.status.toLowerCase()}: it does not accept uploads.`);

  const body = await readUpload(request, maxUploadBytes(campaign.dataType));
  const manifest = parseManifest(body.manifest, body.format, [...body.files.keys()]);
  if (!manifest.ok) {
    throw new AppError("BAD_REQUEST", `Manifest rejected, nothing was stored: ${manifest.problem.message}.`, {
      details: manifest.problem.line === null ? {} : { line: manifest.problem.line },
    });
  }
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
