import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { ZipFile } from "yazl";
import { openZipArchive } from "@/lib/jobs/export/zip-archive";

async function entryBytes(archive: Awaited<ReturnType<typeof openZipArchive>>, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await archive.read(name)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every file of a zip with its bytes (small test zips only). */
export async function zipEntries(file: string): Promise<Map<string, Buffer>> {
  const archive = await openZipArchive(file);
  try {
    const out = new Map<string, Buffer>();
    for (const name of archive.names) out.set(name, await entryBytes(archive, name));
    return out;
  } finally {
    archive.close();
  }
}

/** A copy of a zip with some files changed (edit returns new bytes), dropped (edit returns null) or added. */
export async function rewriteZip(source: string, target: string, edit: (name: string, bytes: Buffer) => Buffer | null, extra: Record<string, Buffer> = {}): Promise<void> {
  const entries = await zipEntries(source);
  const zip = new ZipFile();
  for (const [name, bytes] of entries) {
    const next = edit(name, bytes);
    if (next) zip.addBuffer(next, name);
  }
  for (const [name, bytes] of Object.entries(extra)) zip.addBuffer(bytes, name);
  zip.end();
  const out = createWriteStream(target);
  zip.outputStream.pipe(out);
  await once(out, "close");
}
