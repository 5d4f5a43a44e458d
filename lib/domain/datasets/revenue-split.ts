// How one dataset sale is shared out. Pure and exact: bigint wei, and the parts always sum to the price.
import { AppError } from "@/lib/errors";

export type RevenueShareholder = { userId: string; weight: number };

export type RevenueSplitInput = {
  priceWei: bigint;
  /** Contributors of the version, weighted by their samples in it. */
  contributors: readonly RevenueShareholder[];
  /** Reviewers of those samples, weighted by their reviews of them. */
  reviewers: readonly RevenueShareholder[];
  /** Who receives the platform's share (the payout wallet's user). */
  platformUserId: string;
  reviewerShareBps: number;
  platformShareBps: number;
};

export type RevenuePart = { userId: string; amountWei: bigint };

const BPS = 10_000n;

/**
 * The platform takes platformShareBps of the price, reviewers reviewerShareBps (to contributors when nobody
 * reviewed), contributors the rest; each pool is shared pro rata to weight by largest remainder: everyone gets the
 * floor of their share, and the wei left over go one each to the largest remainders, ties to the smaller user id.
 * A person in several pools gets one summed part. Parts of zero are left out. Sorted by user id.
 */
export function splitRevenue(input: RevenueSplitInput): RevenuePart[] {
  const { priceWei, reviewerShareBps, platformShareBps } = input;
  if (priceWei <= 0n) throw new AppError("VALIDATION", "A sale must have a price above zero.");
  if (reviewerShareBps < 0 || platformShareBps < 0 || reviewerShareBps + platformShareBps > 10_000) {
    throw new AppError("VALIDATION", "The reviewer and platform shares must be between 0 and 10000 basis points together.");
  }
  const contributors = input.contributors.filter((c) => c.weight > 0);
  if (contributors.length === 0) throw new AppError("VALIDATION", "A sale needs at least one contributor to share with.");
  const reviewers = input.reviewers.filter((r) => r.weight > 0);

  const platform = (priceWei * BigInt(platformShareBps)) / BPS;
  const reviewerPool = reviewers.length > 0 ? (priceWei * BigInt(reviewerShareBps)) / BPS : 0n;
  const contributorPool = priceWei - platform - reviewerPool;

  const totals = new Map<string, bigint>();
  const add = (userId: string, wei: bigint) => totals.set(userId, (totals.get(userId) ?? 0n) + wei);
  add(input.platformUserId, platform);
  for (const part of proRata(reviewerPool, reviewers)) add(part.userId, part.amountWei);
  for (const part of proRata(contributorPool, contributors)) add(part.userId, part.amountWei);

  return [...totals.entries()]
    .filter(([, wei]) => wei > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([userId, amountWei]) => ({ userId, amountWei }));
}

/** `pool` shared by integer weight, largest remainder; exact. */
export function proRata(pool: bigint, holders: readonly RevenueShareholder[]): RevenuePart[] {
  if (pool === 0n || holders.length === 0) return [];
  for (const h of holders) if (!Number.isInteger(h.weight) || h.weight < 0) throw new Error(`weight of ${h.userId} must be a whole number`);
  const totalWeight = holders.reduce((sum, h) => sum + BigInt(h.weight), 0n);
  const parts = holders.map((h) => {
    const exact = pool * BigInt(h.weight);
    return { userId: h.userId, amountWei: exact / totalWeight, remainder: exact % totalWeight };
  });
  let left = pool - parts.reduce((sum, p) => sum + p.amountWei, 0n);
  const order = [...parts].sort((a, b) => (a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  for (const part of order) {
    if (left === 0n) break;
    part.amountWei += 1n;
    left -= 1n;
  }
  return parts.map(({ userId, amountWei }) => ({ userId, amountWei }));
}
