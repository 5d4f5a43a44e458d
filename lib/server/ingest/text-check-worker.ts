// Entry of a text-check worker thread (see text-check-pool.ts). It imports only pure domain code, so it runs as
// bundled by Next (Turbopack follows `new Worker(new URL(...))`) and, in scripts and tests, through tsx.
import { parentPort } from "node:worker_threads";
import { checkTextItem, type TextItemRules } from "@/lib/domain/ingest/text-item";
import type { TextCheckReply, TextCheckTask } from "./text-check-protocol";

const port = parentPort;
if (!port) throw new Error("text-check-worker.ts runs as a worker thread only.");

// Each task carries its own copy of the label schema, but checkLabels caches its validator by schema object: map
// equal schemas to one object so the validator is built once per campaign, not once per task.
const schemas = new Map<string, TextItemRules["labelSchema"]>();

function sharedRules(rules: TextItemRules): TextItemRules {
  const key = JSON.stringify(rules.labelSchema);
  let schema = schemas.get(key);
  if (!schema) {
    if (schemas.size >= 1000) schemas.clear();
    schema = rules.labelSchema;
    schemas.set(key, schema);
  }
  return { ...rules, labelSchema: schema };
}

port.on("message", async (task: TextCheckTask) => {
  let reply: TextCheckReply;
  try {
    const rules = sharedRules(task.rules);
    const outcomes = [];
    for (const item of task.items) outcomes.push(await checkTextItem(rules, item));
    reply = { id: task.id, outcomes };
  } catch (error) {
    reply = { id: task.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
