import "server-only";
import { randomUUID } from "node:crypto";
import { getAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { escrowBondKey } from "@/lib/chain/review-escrow";
import { dataBalanceOf } from "@/lib/chain/token";
import { appealRefusal } from "@/lib/domain/trust/appeal-rules";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { AppError } from "@/lib/errors";
import { formatData } from "@/lib/format";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";

const ZFileAppeal = z.strictObject({
  sampleId: z.string().min(1).max(100),
  /** The bond in DATA wei; at least the campaign's minimum. */
  bondWei: z.string().regex(/^\d{1,40}$/, "The bond is a whole number of DATA wei."),
});

export type FiledAppeal = { appealId: string; bondKey: Hex; bondWei: string; escrow: Address; state: string };

const REFUSAL_STATUS = {
  "not-contributor": "FORBIDDEN",
  "not-appealable": "CONFLICT",
  "window-closed": "CONFLICT",
  "already-appealed": "CONFLICT",
  "bond-too-small": "VALIDATION",
  "insufficient-balance": "CONFLICT",
} as const;

/**
 * Files an appeal of a sample's decision: checks who, what and when (appeal-rules.ts) and that the wallet holds the
 * bond, then records the appeal waiting for its bond. The bond itself is posted from the contributor's wallet to the
 * escrow under the returned key; the appeal opens only once the escrow indexer read that event, never on the
 * browser's word. Filing again while the bond is awaited returns the same appeal.
 */
export async function fileAppeal(actor: SessionUser, input: unknown, options: { now?: Date; balanceOf?: (address: Address) => Promise<bigint> } = {}): Promise<FiledAppeal> {
  const now = options.now ?? new Date();
  const { sampleId, bondWei } = ZFileAppeal.parse(input);
  const escrow = await findDeployment("ReviewEscrow");
  if (!escrow) throw new AppError("UNAVAILABLE", "The review escrow is not deployed on this chain yet.");
  const sample = await db.sample.findUnique({
    where: { id: sampleId },
    select: {
      contributorId: true,
      status: true,
      decidedAt: true,
      goldItem: { select: { id: true } },
      appeals: { where: { onceKey: sampleOnceKey(sampleId) } },
      campaign: { select: { appealWindowDays: true, appealBondWei: true, rewardWei: true } },
    },
  });
  if (!sample) throw new AppError("NOT_FOUND", "That sample does not exist.");
  // A gold item is never decided: its answer is challenged by the reviewers it measured (gold-challenges.ts).
  if (sample.goldItem) throw new AppError("CONFLICT", "This sample is a gold item: it has no decision to appeal.");
  const earlier = sample.appeals[0] ?? null;
  if (earlier && earlier.appellantId === actor.id && earlier.state === "AWAITING_BOND") return filed(earlier, escrow.address);

  const paid = (await db.payout.count({ where: { subjectId: sampleId, reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, status: "PAID" } })) > 0;
  const bond = BigInt(bondWei);
  const request = {
    appellantId: actor.id,
    bond,
    now,
    sample: { contributorId: sample.contributorId, status: sample.status, decidedAt: sample.decidedAt, paid },
    campaign: { appealWindowDays: sample.campaign.appealWindowDays, minimumBond: BigInt(sample.campaign.appealBondWei ?? sample.campaign.rewardWei) },
    earlierAppeal: earlier !== null,
    balance: null,
  };
  const format = (wei: bigint) => formatData(wei, 4);
  // The balance is read from the chain only once everything else holds.
  const balanceOf = options.balanceOf ?? chainBalanceOf;
  const refusal = appealRefusal(request, format) ?? appealRefusal({ ...request, balance: await balanceOf(getAddress(actor.address)) }, format);
  if (refusal) throw new AppError(REFUSAL_STATUS[refusal.code], refusal.message);

  try {
    // The id is chosen here so that the row is written whole, bond key included, in one insert.
    const id = randomUUID();
    const appeal = await db.appeal.create({ data: { id, sampleId, onceKey: sampleOnceKey(sampleId), appellantId: actor.id, bondWei: bond.toString(), bondKey: escrowBondKey(id), createdAt: now } });
    return filed(appeal, escrow.address);
  } catch (error) {
    // Two filings at once: the sample's once-key lets one through.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "This sample has already been appealed; a sample is appealed once.");
    throw error;
  }
}

/** The wallet's DATA balance on the configured chain. */
export async function chainBalanceOf(address: Address): Promise<bigint> {
  const token = await findDeployment("DataToken");
  if (!token) throw new AppError("UNAVAILABLE", "The DATA token is not deployed on this chain yet.");
  return dataBalanceOf(createTesseraPublicClient(), token.address, address);
}

/** The once-key of a sample's one appeal or escalation (Appeal.onceKey). */
export function sampleOnceKey(sampleId: string): string {
  return `sample:${sampleId}`;
}

export function filed(appeal: { id: string; bondKey: string; bondWei: string; state: string }, escrow: Address): FiledAppeal {
  return { appealId: appeal.id, bondKey: appeal.bondKey as Hex, bondWei: appeal.bondWei, escrow: getAddress(escrow), state: appeal.state };
}
