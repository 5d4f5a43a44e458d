// Starts a worker thread on a TypeScript module (workerData.entry, a file URL). Node 20 cannot start a thread on a
// .ts file even when the parent runs under tsx, so this plain module registers tsx in the thread first.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
