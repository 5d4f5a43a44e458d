// What the consensus-fit process runs for one campaign (see pool.ts): the whole job, database reads and writes included,
// so that neither the loading of every review nor the fit ever holds the worker's event loop.
import { fitCampaign, type FitSummary } from "@/lib/server/reviews/consensus-fit";

export async function fitCampaignTask(task: { campaignId: string }): Promise<FitSummary | null> {
  return fitCampaign(task.campaignId);
}
