// The campaigns of bench:review-load and bench:consensus-fit, written directly to the database: a synthetic crowd's
// reviews at scale.
import { createHash, randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { itemPosterior, outcomeSpace, reviewClass, seededRandom, type FittedConsensus, type ItemVote } from "../../../lib/domain/consensus";
import type { PrismaClient } from "../../../lib/generated/prisma/client";

export const LABELS = ["sports", "politics", "tech", "world"] as const;
/** Samples waiting for review in each seeded campaign: more than a load run's verdicts can finish. */
export const PENDING_SAMPLES = 3_000;
/**
 * Samples per write transaction of the bulk rows: short enough that a running stack's writers (the worker's leases,
 * a verdict) only wait a moment for SQLite's single write lock, long enough that commits cost little.
 */
const SAMPLES_PER_TRANSACTION = 10_000;

export const scaleTag = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}m` : n >= 1_000 ? `${n / 1_000}k` : String(n));

/** A DateTime as Prisma's SQLite adapter stores it (ISO text with "+00:00"), so that range queries compare alike. */
export const sqliteDateTime = (date: Date) => date.toISOString().replace("Z", "+00:00");

export type LoadReviewer = { key: string; skill: number };

export type SeededCampaign = {
  id: string;
  /** Reviews written. */
  seeded: number;
  reviewers: LoadReviewer[];
  /** Every reviewer of the synthetic crowd, and the samples left waiting for review. */
  crowd: string[];
  pendingSampleIds: string[];
};

/**
 * A campaign with `reviews` reviews already in, and PENDING_SAMPLES waiting. The load's reviewers are members of its
 * own crowd, as at a campaign of that size most verdicts come from reviewers it already knows: `loadReviewers` of
 * them get the reviewer role and a `review` key, and vote on the truth with their own skill.
 *
 * Reviews are stamped when they are written, so that a fitter running meanwhile counts them as new (bench:review-load);
 * with `reviewsStamped: "after upload"`, a minute after their sample, over the day before, as a campaign that grew
 * over time (bench:consensus-fit).
 *
 * The few rows with many columns and defaults (campaign, contributor, roles, keys) go through Prisma; the bulk rows
 * (crowd, samples, gold items, reviews) through statements prepared once on a connection of its own to the same file
 * (`databaseUrl`): Prisma's createMany costs far more per row than SQLite itself.
 */
export async function seedCampaign(
  db: PrismaClient,
  databaseUrl: string,
  reviews: number,
  seed: number,
  loadReviewers: number,
  options: { reviewsStamped?: "when written" | "after upload" } = {},
): Promise<SeededCampaign> {
  const random = seededRandom(seed);
  // From the seed, not random: the fit's calibration scores gold items in an order hashed from their ids, so a bench
  // that seeds alike must name alike to fit alike.
  const tag = `${scaleTag(reviews)}-s${seed}`;
  const contributor = await db.user.create({ data: { address: `0x${randomBytes(20).toString("hex")}`, displayName: `Bench contributor ${tag}` } });
  const campaign = await db.campaign.create({
    data: {
      slug: `review-load-${tag}`,
      title: `Review load ${scaleTag(reviews)}`,
      description: "News snippets by topic (made by tests/bench/review-load/seed.ts).",
      dataType: "TEXT",
      labelSchema: { kind: "single_label", labels: [...LABELS] },
      rewardWei: "0",
      reviewerFeeWei: "0",
      budgetWei: (10n ** 24n).toString(),
      targetSamples: 10_000_000,
      licence: "CC-BY-4.0",
      status: "OPEN",
      goldRate: 0,
      reliabilityFloor: 0,
      maxPendingPerContributor: 10_000_000,
    },
  });

  // A busy timeout: this connection may wait synchronously, nothing else runs on the bench's event loop meanwhile.
  const sqlite = new Database(databaseUrl.replace(/^file:/, ""), { timeout: 10_000 });
  try {
    const insertUser = sqlite.prepare(`INSERT INTO "User" ("id", "address", "displayName", "createdAt") VALUES (?, ?, ?, ?)`);
    const insertSample = sqlite.prepare(
      `INSERT INTO "Sample" ("id", "campaignId", "contributorId", "status", "contentHash", "mimeType", "sizeBytes", "textContent", "labels", "consensusLabel", "posterior", "decidedAt", "requiredReviews", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertGold = sqlite.prepare(`INSERT INTO "GoldItem" ("id", "campaignId", "sampleId", "expectedVerdict", "expectedLabel", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`);
    const insertReview = sqlite.prepare(`INSERT INTO "Review" ("id", "sampleId", "reviewerId", "verdict", "label", "reason", "createdAt") VALUES (?, ?, ?, ?, ?, NULL, ?)`);

    const crowdSize = Math.max(60, Math.round(reviews / 2_000));
    const crowd: { id: string; skill: number }[] = [];
    sqlite.transaction(() => {
      const createdAt = sqliteDateTime(new Date());
      for (let k = 0; k < crowdSize; k++) {
        const id = `u-${tag}-${k}`;
        insertUser.run(id, `0x${randomBytes(20).toString("hex")}`, `Seeded reviewer ${k}`, createdAt);
        crowd.push({ id, skill: 0.6 + 0.35 * random() });
      }
    })();

    const decidedSamples = Math.floor(reviews / 3);
    const total = decidedSamples + PENDING_SAMPLES;
    const now = Date.now();
    let reviewNumber = 0;
    const writeSamples = sqlite.transaction((from: number, to: number) => {
      const writtenAt = sqliteDateTime(new Date());
      for (let i = from; i < to; i++) {
        const truth = Math.floor(random() * LABELS.length);
        const given = random() < 0.85 ? truth : Math.floor(random() * LABELS.length);
        const text = `Snippet ${i} of ${tag} about ${LABELS[truth]}.`;
        const id = `s-${tag}-${i}`;
        const pending = i >= decidedSamples;
        const createdAt = sqliteDateTime(new Date(now - 86_400_000 + i));
        const reviewedAt = options.reviewsStamped === "after upload" ? sqliteDateTime(new Date(now - 86_400_000 + i + 60_000)) : writtenAt;
        insertSample.run(
          id,
          campaign.id,
          contributor.id,
          pending ? "PENDING_REVIEW" : "ACCEPTED",
          createHash("sha256").update(text).digest("hex"),
          "text/plain; charset=utf-8",
          text.length,
          text,
          JSON.stringify(LABELS[given]),
          pending ? null : LABELS[truth],
          // Decided outside the engine: no posterior, so the fitter measures no model drift on them.
          null,
          pending ? null : createdAt,
          3,
          createdAt,
        );
        if (!pending && i % 100 === 0) insertGold.run(`g-${tag}-${i}`, campaign.id, id, "ACCEPT", LABELS[truth], writtenAt);
        if (pending) continue;
        const seen = new Set<number>();
        while (seen.size < 3) seen.add(Math.floor(random() * crowd.length));
        for (const j of seen) {
          const reviewer = crowd[j]!;
          const perceived = random() < reviewer.skill ? truth : Math.floor(random() * LABELS.length);
          // Ids that grow with time, as cuids do: a sample's votes are shown in the order they came in.
          const reviewId = `r-${tag}-${String(reviewNumber++).padStart(9, "0")}`;
          insertReview.run(reviewId, id, reviewer.id, "ACCEPT", perceived === given ? null : LABELS[perceived], reviewedAt);
        }
      }
    });
    for (let from = 0; from < total; from += SAMPLES_PER_TRANSACTION) writeSamples(from, Math.min(total, from + SAMPLES_PER_TRANSACTION));

    const load: LoadReviewer[] = [];
    for (const member of crowd.slice(0, loadReviewers)) {
      await db.roleGrant.create({ data: { userId: member.id, role: "REVIEWER" } });
      const key = `tsk_${randomBytes(32).toString("base64url")}`;
      await db.apiKey.create({ data: { userId: member.id, name: "review load bench", prefix: key.slice(0, 10), keyHash: createHash("sha256").update(key).digest("hex"), scopes: "review" } });
      load.push({ key, skill: member.skill });
    }
    const pendingSampleIds = Array.from({ length: PENDING_SAMPLES }, (_, k) => `s-${tag}-${decidedSamples + k}`);
    return { id: campaign.id, seeded: decidedSamples * 3, reviewers: load, crowd: crowd.map((c) => c.id), pendingSampleIds };
  } finally {
    sqlite.close();
  }
}

/**
 * Reviews arriving after a fit, written as the seed writes them (created now): `perSample` reviews of different crowd
 * members on each of `sampleIds`. Returns how many were written.
 */
export function addReviews(databaseUrl: string, seeded: Pick<SeededCampaign, "crowd">, sampleIds: readonly string[], perSample: number, seed: number): number {
  const random = seededRandom(seed);
  const sqlite = new Database(databaseUrl.replace(/^file:/, ""), { timeout: 10_000 });
  try {
    const insert = sqlite.prepare(`INSERT INTO "Review" ("id", "sampleId", "reviewerId", "verdict", "label", "reason", "createdAt") VALUES (?, ?, ?, 'ACCEPT', ?, NULL, ?)`);
    let written = 0;
    sqlite.transaction(() => {
      const createdAt = sqliteDateTime(new Date());
      for (const sampleId of sampleIds) {
        const seen = new Set<number>();
        while (seen.size < perSample) seen.add(Math.floor(random() * seeded.crowd.length));
        for (const j of seen) {
          const label = random() < 0.7 ? null : LABELS[Math.floor(random() * LABELS.length)]!;
          insert.run(`r-late-${seed}-${written}-${randomBytes(4).toString("hex")}`, sampleId, seeded.crowd[j]!, label, createdAt);
          written++;
        }
      }
    })();
    return written;
  } finally {
    sqlite.close();
  }
}

/**
 * The posterior each seeded acceptance would have been recorded with had `model` decided it, as a campaign's own
 * history of decisions has one: the fitter measures how far its model moved from them (decision-margin.ts). The seed
 * writes none, so the load starts with a history taken under the first fit. Returns how many were written.
 */
export function recordSeededPosteriors(databaseUrl: string, campaignId: string, model: FittedConsensus): number {
  const space = outcomeSpace({ kind: "single_label", labels: [...LABELS] });
  const sqlite = new Database(databaseUrl.replace(/^file:/, ""), { timeout: 10_000 });
  try {
    const rows = sqlite
      .prepare<[string], { id: string; labels: string; consensusLabel: string; reviewerId: string; verdict: "ACCEPT" | "REJECT"; label: string | null }>(
        `SELECT s."id", s."labels", s."consensusLabel", r."reviewerId", r."verdict", r."label" FROM "Sample" AS s JOIN "Review" AS r ON r."sampleId" = s."id"
         WHERE s."campaignId" = ? AND s."status" = 'ACCEPTED' ORDER BY s."id"`,
      )
      .all(campaignId);
    const update = sqlite.prepare(`UPDATE "Sample" SET "posterior" = ? WHERE "id" = ?`);
    let written = 0;
    sqlite.transaction(() => {
      for (let i = 0; i < rows.length; ) {
        const first = rows[i]!;
        const votes: ItemVote[] = [];
        for (; i < rows.length && rows[i]!.id === first.id; i++) {
          const voteClass = reviewClass(space, { verdict: rows[i]!.verdict, reason: null, label: rows[i]!.label, contributorLabels: JSON.parse(first.labels) as unknown });
          if (voteClass !== null) votes.push({ reviewerId: rows[i]!.reviewerId, label: voteClass });
        }
        update.run(itemPosterior(model, votes)[space.classNames.indexOf(first.consensusLabel)]!, first.id);
        written++;
      }
    })();
    return written;
  } finally {
    sqlite.close();
  }
}
