/** The size of a campaign's evidence: its reviews and its gold items. */
export type CampaignEvidence = { reviews: number; goldItems: number };

/** "choose": run the model choice; "clear": drop the stored choice (back to Dawid-Skene); "keep": nothing to do. */
export type ModelChoiceAction = "choose" | "clear" | "keep";

/**
 * When a stored model choice is due again. The choice costs 20-30 fits, so it is not redone per verdict: a
 * campaign chooses once it has gold answers and votes, and again once its reviews or gold items have doubled
 * since (the evidence has then changed by as much as it had accumulated), or it lost gold items (an admin
 * removed an answer found to be wrong: the choice may have rested on it). Without gold nothing can choose,
 * and a stored choice is cleared.
 */
export function modelChoiceAction(stored: CampaignEvidence | null, now: CampaignEvidence): ModelChoiceAction {
  if (now.goldItems === 0) return stored ? "clear" : "keep";
  if (now.reviews === 0) return "keep";
  if (!stored) return "choose";
  const grown = now.reviews >= 2 * stored.reviews || now.goldItems >= 2 * stored.goldItems;
  return grown || now.goldItems < stored.goldItems ? "choose" : "keep";
}
