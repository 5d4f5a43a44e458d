import type { Readable } from "node:stream";
import yauzl from "yauzl";

/** A zip opened for reading: its entry names (a repeated name is reported, never silently shadowed) and streams. */
export type ZipArchive = {
  names: string[];
  duplicates: string[];
  read(name: string): Promise<Readable>;
  close(): void;
};

export async function openZipArchive(file: string): Promise<ZipArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true }, (error, z) => (error ? reject(error) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  const duplicates: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith("/")) {
        if (entries.has(entry.fileName)) duplicates.push(entry.fileName);
        else entries.set(entry.fileName, entry);
      }
      zip.readEntry();
    });
    zip.on("end", () => resolve());
    zip.on("error", reject);
    zip.readEntry();
  });
  return {
    names: [...entries.keys()],
    duplicates,
    read: (name) => {
      const entry = entries.get(name);
      if (!entry) return Promise.reject(new Error(`${name} is not in the zip`));
      return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
    },
    close: () => zip.close(),
  };
}
