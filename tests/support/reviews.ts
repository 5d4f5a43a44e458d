import { randomBytes } from "node:crypto";
import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { userWithSession } from "./sessions";

/** A signed-in user as the services see one (roles as granted; ADMIN_ADDRESSES plays no part in these tests). */
export async function sessionUser(options: { roles?: Role[]; name?: string } = {}): Promise<SessionUser> {
  const user = await userWithSession(options);
  return { id: user.id, address: user.address, displayName: options.name ?? null, roles: [...(options.roles ?? [])].sort() };
}

export async function reviewers(count: number): Promise<SessionUser[]> {
  const out: SessionUser[] = [];
  for (let i = 0; i < count; i++) out.push(await sessionUser({ roles: ["REVIEWER"], name: `Reviewer ${i + 1}` }));
  return out;
}

/** A text sample waiting for review, written directly: ingest has its own tests. */
export async function pendingSample(campaignId: string, contributorId: string, options: { labels?: string; requiredReviews?: number; text?: string } = {}) {
  const text = options.text ?? `A sample written by a test, ${randomBytes(6).toString("hex")}.`;
  return db.sample.create({
    data: {
      campaignId,
      contributorId,
      contentHash: randomBytes(32).toString("hex"),
      mimeType: "text/plain; charset=utf-8",
      sizeBytes: text.length,
      textContent: text,
      labels: options.labels ?? "positive",
      requiredReviews: options.requiredReviews ?? 3,
    },
  });
}

/** A gold item (a sample with a known answer) with the given reviewers' verdicts already in. */
export async function goldWithVerdicts(campaignId: string, contributorId: string, expected: "ACCEPT" | "REJECT", verdicts: { reviewerId: string; verdict: "ACCEPT" | "REJECT" }[]) {
  const sample = await pendingSample(campaignId, contributorId);
  await db.goldItem.create({ data: { campaignId, sampleId: sample.id, expectedVerdict: expected } });
  for (const v of verdicts) {
    await db.review.create({ data: { sampleId: sample.id, reviewerId: v.reviewerId, verdict: v.verdict, reason: v.verdict === "REJECT" ? "low_quality" : null } });
  }
  return sample;
}
