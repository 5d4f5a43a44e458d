import { Readable } from "node:stream";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { authenticateRequest } from "@/lib/server/auth/authenticate-request";
import { route } from "@/lib/server/http";
import { readSampleBlob } from "@/lib/server/samples/read-blob";
import { defaultStorage } from "@/lib/server/storage/default-storage";
import { isBlobKey } from "@/lib/server/storage/blob-key";

export const dynamic = "force-dynamic";

/**
 * Serves a stored file to those allowed to see it, never as something the browser might run. A key with the `review`
 * scope reads the files of the samples its owner holds or is quizzed on (readSampleBlob decides).
 */
export const GET = route(async (request: NextRequest, context: { params: Promise<{ key: string }> }) => {
  const user = await authenticateRequest(request, ["download", "review"]);
  const { key } = await context.params;
  if (!isBlobKey(key)) throw new AppError("NOT_FOUND", "No such file.");
  const { blob, mimeType, fileName } = await readSampleBlob(user, key, defaultStorage());
  return new Response(Readable.toWeb(blob.stream) as ReadableStream, {
    headers: {
      "Content-Type": mimeType,
      "Content-Length": String(blob.size),
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=3600",
    },
  });
});
