// Fingerprints many texts on every core: filling a 100,000-sample index needs 100,000 MinHash signatures, and the
// fill time is not part of any figure, so it may as well use the whole machine.
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { textSimilarityFingerprint, type SimilarityFingerprint } from "../../../lib/domain/ingest/duplicates";
import { ROOT } from "./stack";

const WORKER = pathToFileURL(path.join(import.meta.dirname, "fingerprint-worker.ts")).href;
const TSX_API = pathToFileURL(path.join(ROOT, "node_modules", "tsx", "dist", "esm", "api", "index.mjs")).href;

/** Worker threads do not inherit tsx's loader: each one registers it, then imports the TypeScript worker. */
function fingerprintInWorker(texts: string[]): Promise<SimilarityFingerprint[]> {
  const boot = `import(${JSON.stringify(TSX_API)}).then(({ tsImport }) => tsImport(${JSON.stringify(WORKER)}, ${JSON.stringify(import.meta.url)}));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: { texts } });
    worker.once("message", (result: SimilarityFingerprint[]) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`a fingerprint worker exited with code ${code}`)));
  });
}

export async function fingerprintAll(texts: readonly string[], threads = Math.max(1, availableParallelism())): Promise<SimilarityFingerprint[]> {
  if (threads <= 1 || texts.length < 2_000) return texts.map((text) => textSimilarityFingerprint(text));
  const size = Math.ceil(texts.length / threads);
  const slices = Array.from({ length: threads }, (_, i) => texts.slice(i * size, (i + 1) * size));
  return (await Promise.all(slices.map((slice) => fingerprintInWorker(slice)))).flat();
}
