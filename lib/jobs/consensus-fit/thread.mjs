// The entry of a consensus-fit thread (see pool.ts). Node 20 cannot start a thread on a .ts file even when the parent
// runs under tsx, so this plain module registers tsx in the thread and hands tinypool the TypeScript task.
import { register } from "tsx/esm/api";

register();
const { fitCampaignTask } = await import("./task.ts");
export default fitCampaignTask;
