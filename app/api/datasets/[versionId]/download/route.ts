import { Readable } from "node:stream";
import type { NextRequest } from "next/server";
import { authenticateRequest } from "@/lib/server/auth/authenticate-request";
import { downloadFormat, downloadVersion, ZDownloadQuery } from "@/lib/server/datasets/download-version";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** A purchased dataset version as a zip (session cookie or a download-scoped API key), with Range support. */
export const GET = route(async (request: NextRequest, context: { params: Promise<{ versionId: string }> }) => {
  const user = await authenticateRequest(request, "download");
  const query = ZDownloadQuery.safeParse({ format: request.nextUrl.searchParams.get("format") ?? undefined });
  if (!query.success) throw new AppError("BAD_REQUEST", query.error.issues[0]?.message ?? "Bad format.");
  const { versionId } = await context.params;
  const answer = await downloadVersion(user, versionId, { ...downloadFormat(query.data.format), range: request.headers.get("range"), ifRange: request.headers.get("if-range") });
  const body = answer.body ? (Readable.toWeb(answer.body) as ReadableStream) : null;
  return new Response(body, { status: answer.status, headers: answer.headers });
});
