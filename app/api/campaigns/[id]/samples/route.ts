import { NextResponse, type NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/server/auth/authenticate-request";
import { assertSameOrigin } from "@/lib/server/csrf";
import { resolveCampaignRef } from "@/lib/server/campaigns/resolve-campaign-ref";
import { route } from "@/lib/server/http";
import { uploadSamples, uploadStatus } from "@/lib/server/ingest/upload-samples";

export const dynamic = "force-dynamic";

/**
 * Bulk upload: multipart with a `manifest` (JSONL or CSV) plus the files it names. Session cookie or API key.
 * `[id]` is the campaign's id or its URL name.
 */
export const POST = route(async (request: NextRequest, context: { params: Promise<{ id: string }> }) => {
  assertSameOrigin(request);
  const user = await authenticateRequest(request, "upload");
  const campaignId = await resolveCampaignRef((await context.params).id, user);
  const response = await uploadSamples(user, campaignId, request);
  return NextResponse.json(response, { status: uploadStatus(response) });
});
