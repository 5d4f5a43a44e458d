// The body of the model-choice thread (see choose-in-thread.ts): chooseModel on each input, timed.
import { parentPort, workerData } from "node:worker_threads";
import { chooseModel, type ConsensusInput } from "@/lib/domain/consensus";

const { inputs } = workerData as { inputs: ConsensusInput[] };
const choices = inputs.map((input) => {
  const started = performance.now();
  const choice = chooseModel(input);
  return choice && { ...choice, durationMs: performance.now() - started };
});
parentPort!.postMessage(choices);
