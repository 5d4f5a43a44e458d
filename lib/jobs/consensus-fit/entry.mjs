// The module tinypool loads in the consensus-fit process (see pool.ts). tinypool imports it as plain JavaScript, so it
// registers tsx first and then hands over the TypeScript task.
import { register } from "tsx/esm/api";

register();
const { fitCampaignTask } = await import("./task.ts");
export default fitCampaignTask;
