// The module tinypool loads in the consensus-fit process (see pool.ts). tinypool imports it as plain JavaScript, so it
// registers tsx first and then hands over the TypeScript task.
import { setPriority } from "node:os";
import { register } from "tsx/esm/api";

// A fit is background work that can take a core for seconds: at a lower priority the web processes keep answering
// verdicts at full speed meanwhile, and the fit uses what they leave.
try {
  setPriority(10);
} catch {
  // Not permitted here: the fit runs at normal priority.
}

register();
const { fitCampaignTask } = await import("./task.ts");
export default fitCampaignTask;
