import { parseUnits } from "viem";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import { db } from "@/lib/server/db";

let counter = 0;

export async function makeCampaign(options: { dataType?: "TEXT" | "IMAGE"; status?: "DRAFT" | "OPEN" | "CLOSED"; labelSchema?: TLabelSchema; nearDuplicatePolicy?: "REFUSE" | "FLAG"; maxPending?: number } = {}) {
  counter += 1;
  return db.campaign.create({
    data: {
      slug: `test-campaign-${counter}-${Date.now()}`,
      title: `Test campaign ${counter}`,
      description: "A campaign made by a test.",
      dataType: options.dataType ?? "TEXT",
      labelSchema: options.labelSchema ?? { kind: "single_label", labels: ["positive", "negative", "neutral"] },
      rewardWei: parseUnits("2", 18).toString(),
      budgetWei: parseUnits("1000", 18).toString(),
      targetSamples: 100,
      licence: "CC-BY-4.0",
      status: options.status ?? "OPEN",
      nearDuplicatePolicy: options.nearDuplicatePolicy ?? "REFUSE",
      maxPendingPerContributor: options.maxPending ?? 5000,
    },
  });
}
