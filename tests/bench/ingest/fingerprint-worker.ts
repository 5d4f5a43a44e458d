// Worker thread of fingerprints.ts: the product's text fingerprint (MinHash signature and LSH band keys) of a slice.
import { parentPort, workerData } from "node:worker_threads";
import { textSimilarityFingerprint, type SimilarityFingerprint } from "../../../lib/domain/ingest/duplicates";

const texts = (workerData as { texts: string[] }).texts;
const out: SimilarityFingerprint[] = texts.map((text) => textSimilarityFingerprint(text));
parentPort?.postMessage(out);
