import "server-only";
import { contributorAcceptance, reviewerReliability, type RateEstimate, type ReviewerRecord } from "@/lib/domain/consensus";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/server/db";
import { reviewerRecords } from "./reviewer-records";

export type Profile = {
  address: string;
  displayName: string | null;
  joinedAt: Date;
  contributor: { accepted: number; rejected: number; pending: number; acceptance: RateEstimate };
  reviewer: {
    record: ReviewerRecord;
    reliability: RateEstimate;
    reviews: number;
    campaigns: { slug: string; title: string; source: string; active: boolean; inactiveReason: string | null; reliability: number | null }[];
  };
};

/** A wallet's public reputation: as a contributor (Beta posterior of acceptance) and as a reviewer (gold and agreement). */
export async function getProfile(address: string): Promise<Profile> {
  const user = await db.user.findUnique({ where: { address: address.toLowerCase() }, select: { id: true, address: true, displayName: true, createdAt: true } });
  if (!user) throw new AppError("NOT_FOUND", "No one with that address has signed in here.");
  const [grouped, records, reviews, memberships] = await Promise.all([
    db.sample.groupBy({ by: ["status"], where: { contributorId: user.id }, _count: { _all: true } }),
    reviewerRecords(db, [user.id]),
    db.review.count({ where: { reviewerId: user.id } }),
    db.campaignReviewer.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" }, select: { source: true, active: true, inactiveReason: true, reliability: true, campaign: { select: { slug: true, title: true } } } }),
  ]);
  const count = (status: string) => grouped.find((g) => g.status === status)?._count._all ?? 0;
  const accepted = count("ACCEPTED");
  const rejected = count("REJECTED");
  const record = records.get(user.id)!;
  return {
    address: user.address,
    displayName: user.displayName,
    joinedAt: user.createdAt,
    contributor: { accepted, rejected, pending: count("PENDING_REVIEW") + count("ESCALATED"), acceptance: contributorAcceptance({ accepted, rejected }) },
    reviewer: {
      record,
      reliability: reviewerReliability(record),
      reviews,
      campaigns: memberships.map((m) => ({ slug: m.campaign.slug, title: m.campaign.title, source: m.source, active: m.active, inactiveReason: m.inactiveReason, reliability: m.reliability })),
    },
  };
}
