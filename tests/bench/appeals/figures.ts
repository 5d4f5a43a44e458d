// The figures of the appeals bench, read from the database and the chain once the worker has stopped. What a gambler
// gains is read from the chain (bonds posted and returned in the escrow's events and transfers, rewards in the
// distributor's batches as checked by the payment audit), never computed from the rules.
import { getAddress, type Address, type Hex } from "viem";
import { dataTokenAbi, reviewEscrowAbi } from "@/lib/chain/abi";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { dataBalanceOf } from "@/lib/chain/token";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { db } from "@/lib/server/db";
import { auditPayments } from "../trust-sim/payment-audit";
import type { FiledAppeal } from "./appeal-run";
import type { Campaign } from "./campaign";

const toData = (wei: bigint) => Math.round(Number(wei) / 1e14) / 1e4;
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

export async function measure(
  campaign: Campaign,
  firstStatus: ReadonlyMap<string, string>,
  filed: FiledAppeal[],
  contracts: { token: Address; distributor: Address; escrow: Address },
): Promise<{ figures: Record<string, number | boolean | null>; problems: string[] }> {
  const publicClient = createTesseraPublicClient();
  const { uploads } = campaign;
  const good = uploads.filter((u) => u.item.truth !== "junk");
  const junk = uploads.filter((u) => u.item.truth === "junk");
  const first = (status: string, of = uploads) => of.filter((u) => firstStatus.get(u.sampleId) === status).length;

  const appeals = await db.appeal.findMany({
    where: { sample: { campaignId: campaign.id } },
    select: { id: true, kind: true, state: true, round: true, sampleId: true, outcomeNote: true, seats: { select: { reviewerId: true } }, sample: { select: { status: true, reviews: { select: { reviewerId: true } } } } },
  });
  const byId = new Map(appeals.map((a) => [a.id, a]));
  const state = (f: FiledAppeal) => byId.get(f.appealId)?.state;
  const of = (category: FiledAppeal["category"]) => filed.filter((f) => f.category === category);
  const overturned = (list: FiledAppeal[]) => list.filter((f) => state(f) === "OVERTURNED").length;
  const decided = (list: FiledAppeal[]) => list.filter((f) => state(f) === "OVERTURNED" || state(f) === "UPHELD").length;
  const bonded = appeals.filter((a) => a.kind === "appeal");
  // Escalations of the measured samples (the warm-up's have no known truth here).
  const truthOf = new Map(uploads.map((u) => [u.sampleId, u.item.truth]));
  const escalations = appeals.filter((a) => a.kind === "escalation" && truthOf.has(a.sampleId));
  const escalationsOf = (good: boolean, state: string) => escalations.filter((a) => a.state === state && (truthOf.get(a.sampleId) !== "junk") === good).length;
  const panelVotes = (list: typeof appeals) => list.reduce((sum, a) => sum + a.sample.reviews.filter((r) => a.seats.some((s) => s.reviewerId === r.reviewerId)).length, 0);

  // ---- what a frivolous appeal earned its gambler, from the chain ----
  const [posted, settledEvents, transfers] = await Promise.all([
    publicClient.getContractEvents({ address: contracts.escrow, abi: reviewEscrowAbi, eventName: "BondPosted", fromBlock: 0n }),
    publicClient.getContractEvents({ address: contracts.escrow, abi: reviewEscrowAbi, eventName: "BondSettled", fromBlock: 0n }),
    publicClient.getContractEvents({ address: contracts.token, abi: dataTokenAbi, eventName: "Transfer", args: { from: contracts.escrow }, fromBlock: 0n }),
  ]);
  const bondPosted = (bondKey: Hex, poster: Address) =>
    posted.filter((e) => e.args.bondId!.toLowerCase() === bondKey.toLowerCase() && getAddress(e.args.poster!) === poster).reduce((s, e) => s + e.args.amount!, 0n);
  const bondReturned = (bondKey: Hex, to: Address) => {
    const txs = new Set(settledEvents.filter((e) => e.args.bondId!.toLowerCase() === bondKey.toLowerCase()).map((e) => e.transactionHash));
    return transfers.filter((t) => txs.has(t.transactionHash) && getAddress(t.args.to!) === to).reduce((s, t) => s + t.args.value!, 0n);
  };
  const rewardPaid = async (sampleId: string, recipientId: string) =>
    (await db.payout.findMany({ where: { subjectId: sampleId, recipientId, reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, status: "PAID" }, select: { amountWei: true } })).reduce((s, p) => s + BigInt(p.amountWei), 0n);
  let frivolousGain = 0n;
  for (const f of of("frivolous")) {
    const wallet = getAddress(f.upload.contributor.address);
    frivolousGain += bondReturned(f.bondKey, wallet) + (await rewardPaid(f.upload.sampleId, f.upload.contributor.id)) - bondPosted(f.bondKey, wallet);
  }

  // The gamblers' wallets must tell the same story as the ledger: every DATA they hold is their purchase, their paid
  // rewards and their bonds returned, less their bonds posted.
  let gamblerNet = 0n;
  let gamblerLedgerGap = 0n;
  for (const g of campaign.contributors.filter((c) => c.kind === "gambler")) {
    const wallet = getAddress(g.address);
    const balance = await dataBalanceOf(publicClient, contracts.token, wallet);
    const paid = (await db.payout.findMany({ where: { recipientId: g.id, status: "PAID" }, select: { amountWei: true } })).reduce((s, p) => s + BigInt(p.amountWei), 0n);
    const mine = filed.filter((f) => f.upload.contributor.id === g.id);
    const bonds = mine.reduce((s, f) => s + bondReturned(f.bondKey, wallet) - bondPosted(f.bondKey, wallet), 0n);
    gamblerNet += balance - g.bought;
    gamblerLedgerGap += balance - (g.bought + paid + bonds);
  }

  const audit = await auditPayments(contracts);
  // A decided bonded appeal owes a settlement row; the audit checks the rows against the chain.
  const settlementRows = new Set((await db.bondSettlement.findMany({ select: { appealId: true } })).map((s) => s.appealId));
  const unsettled = bonded.filter((a) => (a.state === "OVERTURNED" || a.state === "UPHELD") && !settlementRows.has(a.id)).length;
  const adminActions = await db.auditEvent.count({
    where: { createdAt: { gte: campaign.startedAt }, OR: [{ actorId: campaign.admin.id }, { action: { startsWith: "sample.resolve" } }] },
  });

  const frivolous = of("frivolous");
  const honestOfRejections = of("honest").filter((f) => firstStatus.get(f.upload.sampleId) === "REJECTED");
  const figures: Record<string, number | boolean | null> = {
    samples: uploads.length,
    good_samples: good.length,
    bad_samples: junk.length,
    first_accepted: first("ACCEPTED"),
    first_rejected: first("REJECTED"),
    first_escalated: first("ESCALATED"),
    bad_accepted_first: first("ACCEPTED", junk),
    wrongly_rejected: first("REJECTED", good),
    wrongly_rejected_honest: first("REJECTED", good.filter((u) => u.contributor.kind === "honest")),
    good_escalated: first("ESCALATED", good),
    appeals_filed: filed.length,
    appeals_decided: decided(filed),
    appeals_overturned: overturned(filed),
    appeals_upheld: filed.filter((f) => state(f) === "UPHELD").length,
    appeals_open_at_end: filed.length - decided(filed),
    second_panels: bonded.filter((a) => a.round === 2).length,
    honest_appeals: of("honest").length,
    recovered_fraction: ratio(overturned(of("honest")), of("honest").length),
    honest_appeals_of_rejections: honestOfRejections.length,
    recovered_fraction_of_rejections: ratio(overturned(honestOfRejections), honestOfRejections.length),
    gambler_good_appeals: of("gambler-good").length,
    gambler_good_recovered_fraction: ratio(overturned(of("gambler-good")), of("gambler-good").length),
    frivolous_appeals: frivolous.length,
    frivolous_win_rate: ratio(overturned(frivolous), frivolous.length),
    frivolous_expected_value_data: frivolous.length === 0 ? null : toData(frivolousGain / BigInt(frivolous.length)),
    gambler_net_data: toData(gamblerNet),
    gambler_ledger_gap_data: toData(gamblerLedgerGap),
    panel_reviews_per_appeal: ratio(panelVotes(bonded), bonded.filter((a) => a.state === "OVERTURNED" || a.state === "UPHELD").length),
    escalation_panels: escalations.length,
    escalations_accepted_good: escalationsOf(true, "OVERTURNED"),
    escalations_rejected_good: escalationsOf(true, "UPHELD"),
    escalations_accepted_bad: escalationsOf(false, "OVERTURNED"),
    escalations_rejected_bad: escalationsOf(false, "UPHELD"),
    // Split first panels that no larger panel could follow (too few fresh reviewers): the decision stood.
    appeals_split_without_larger_panel: bonded.filter((a) => /too few fresh reviewers/.test(a.outcomeNote ?? "")).length,
    escalations_split_without_larger_panel: escalations.filter((a) => /too few fresh reviewers/.test(a.outcomeNote ?? "")).length,
    escalations_second_panels: escalations.filter((a) => a.round === 2).length,
    escalated_left: await db.sample.count({ where: { campaignId: campaign.id, status: "ESCALATED", goldItem: null } }),
    admin_actions: adminActions,
    double_payments: audit.doublePayments,
    missing_payments: audit.missingPayments + unsettled,
    fees_held_for_appeal_window: audit.heldForWindow,
    payout_rows_paid: audit.paidRows,
    reward_batches_paid: audit.rewardBatches,
    bonds_settled: audit.bondsSettled,
  };
  return { figures, problems: unsettled > 0 ? [...audit.problems, `${unsettled} decided appeal(s) without a bond settlement`] : audit.problems };
}
