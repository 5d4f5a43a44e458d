import { z } from "zod";
import { dataAmount } from "./campaign";

/** A funding of a campaign's budget: the amount in DATA (as typed) and the transfer into the treasury that paid it. */
export const ZCampaignFunding = z.object({
  amount: dataAmount("The amount"),
  txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "The transaction hash must be 0x followed by 64 hex digits"),
});
export type TCampaignFunding = z.infer<typeof ZCampaignFunding>;

/** Only the amount, as the Fund form checks it before the wallet is asked. */
export const ZFundAmount = ZCampaignFunding.pick({ amount: true });
