import "server-only";
import type { Readable } from "node:stream";
import type { ExportSource } from "@/lib/domain/datasets/export/rows";
import { AppError } from "@/lib/errors";
import type { ExportRowSource } from "@/lib/jobs/export/build-export-zip";
import { db } from "@/lib/server/db";
import type { StorageProvider } from "@/lib/server/storage/storage-provider";

type PageRow = {
  position: number | bigint;
  sampleId: string;
  labelJson: string;
  contentHash: string;
  contributor: string;
  textContent: string | null;
  mimeType: string;
  posterior: number | null;
  blobKey: string | null;
};

/**
 * A published version's rows straight from its frozen membership, in position order, `pageRows` at a time (keyset
 * on position, so every page costs the same however deep it is), and its media through the storage provider.
 */
export function versionExportSource(versionId: string, storage: StorageProvider, pageRows: number): ExportRowSource {
  return {
    async *rows(): AsyncGenerator<ExportSource> {
      let after = -1;
      for (;;) {
        // One joined query per page: Prisma's relation select would read the samples in a second query and join
        // them in JavaScript, which took most of an export's time.
        const page = await db.$queryRaw<PageRow[]>`
          SELECT d."position", d."sampleId", d."labelJson", d."contentHash", d."contributor",
                 s."textContent", s."mimeType", s."posterior", s."blobKey"
          FROM "DatasetVersionSample" d JOIN "Sample" s ON s."id" = d."sampleId"
          WHERE d."versionId" = ${versionId} AND d."position" > ${after}
          ORDER BY d."position" LIMIT ${pageRows}`;
        for (const r of page) {
          yield {
            sampleId: r.sampleId,
            labelJson: r.labelJson,
            contentSha256: r.contentHash,
            contributor: r.contributor,
            posterior: r.posterior === null ? null : Number(r.posterior),
            text: r.blobKey ? null : r.textContent,
            mimeType: r.mimeType,
          };
        }
        if (page.length < pageRows) return;
        after = Number(page[page.length - 1]!.position);
      }
    },
    async openMedia(contentSha256: string): Promise<Readable> {
      const blob = await storage.get(contentSha256);
      if (!blob) throw new AppError("INTERNAL", `The stored file ${contentSha256} of this version is missing.`);
      return blob.stream;
    },
  };
}
