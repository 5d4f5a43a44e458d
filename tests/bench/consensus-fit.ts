/**
 * `npm run bench:consensus-fit -- [--reviews 1000000] [--keep]`
 *
 * How long the worker's background consensus fit of one large campaign takes, measured as `fitCampaign` reports it
 * (lib/server/reviews/consensus-fit.ts), in the consensus-fit child process the worker runs it in
 * (lib/jobs/consensus-fit/pool.ts): reading the reviews (reputation priors included), fitting the model, writing the
 * snapshot, and the reconcile (deciding samples that waited, flagging reversals, the reliability floor).
 *
 * A throwaway migrated SQLite file gets the campaign of bench:review-load (tests/bench/review-load/seed.ts): a
 * synthetic crowd over 4 labels, samples decided 3 reviews each, 1% of them gold, 3,000 waiting, its reviews given
 * over the day before. The first fit is cold: a fresh child process and a campaign without a snapshot, whose seeded
 * decisions the model partly disagrees with (so it writes flags). Then a few hundred reviews come in (three each on
 * 100 waiting samples, each then decided from the snapshot as its last verdict would have it) and the campaign is
 * fitted again by the same child, which reads again only the reviews of the last minutes
 * (cached-campaign-reviews.ts). Progress goes to stderr; the last line on stdout is one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate, prismaFor } from "./ingest/db";
import { addReviews, seedCampaign } from "./review-load/seed";
import type { FitSummary } from "../../lib/server/reviews/consensus-fit";

const { values } = parseArgs({ options: { reviews: { type: "string" }, keep: { type: "boolean" } }, strict: true });
const REVIEWS = values.reviews === undefined ? 1_000_000 : Number(values.reviews);
if (!Number.isSafeInteger(REVIEWS) || REVIEWS < 3) throw new Error(`--reviews must be a whole number >= 3 (got "${values.reviews}").`);
/** Waiting samples that get all their reviews between the two fits. */
const COMPLETED_SAMPLES = 100;

const dir = mkdtempSync(path.join(tmpdir(), "tessera-bench-consensus-fit-"));
const databaseUrl = `file:${path.join(dir, "bench.db")}`;
// Before lib/server is loaded: its database client and the fit child read DATABASE_URL from the environment.
process.env.DATABASE_URL = databaseUrl;

const progress = (line: string) => process.stderr.write(`[bench:consensus-fit] ${line}\n`);
const ms = (x: number) => Math.round(x);

async function main(): Promise<void> {
  migrate(databaseUrl);
  const prisma = prismaFor(databaseUrl);
  const seedStarted = performance.now();
  const campaign = await seedCampaign(prisma, databaseUrl, REVIEWS, 1, 0, { reviewsStamped: "after upload" });
  const seedMs = performance.now() - seedStarted;
  await prisma.$disconnect();
  progress(`seeded ${campaign.seeded.toLocaleString("en")} reviews in ${(seedMs / 1000).toFixed(1)} s (${dir})`);

  const { createFitPool } = await import("../../lib/jobs/consensus-fit/pool");
  const pool = createFitPool();
  try {
    const cold = await pool.run(campaign.id);
    if (!cold || cold.version !== 1) throw new Error(`the first fit wrote no snapshot: ${JSON.stringify(cold)}`);
    progress(describe("cold fit", cold));
    const completed = campaign.pendingSampleIds.slice(0, COMPLETED_SAMPLES);
    const newReviews = addReviews(databaseUrl, campaign, completed, 3, 2);
    // As their last verdict would have (the verdict path, here without the HTTP request): decided from the snapshot.
    const { decideSample } = await import("../../lib/server/reviews/decide-sample");
    let decided = 0;
    for (const sampleId of completed) if (await decideSample(sampleId)) decided++;
    progress(`${newReviews} new reviews; ${decided} samples they completed decided from the snapshot`);
    const refit = await pool.run(campaign.id);
    if (!refit || refit.version !== 2) throw new Error(`the second fit wrote no snapshot: ${JSON.stringify(refit)}`);
    progress(describe(`refit after ${newReviews} new reviews`, refit));
    console.log(
      JSON.stringify({
        reviews: cold.reviews,
        seed_ms: ms(seedMs),
        ...phases("", cold),
        new_reviews: newReviews,
        ...phases("refit_", refit),
      }),
    );
  } finally {
    await pool.destroy();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

type Summary = FitSummary;

function phases(prefix: string, s: Summary): Record<string, number> {
  return {
    [`${prefix}load_ms`]: ms(s.readMs),
    [`${prefix}fit_ms`]: ms(s.fitMs - s.readMs),
    [`${prefix}save_ms`]: ms(s.saveMs),
    [`${prefix}reconcile_ms`]: ms(s.reconcileMs),
    [`${prefix}total_ms`]: ms(s.totalMs),
    [`${prefix}decided`]: s.decided,
    [`${prefix}flagged`]: s.flagged,
  };
}

function describe(what: string, s: Summary): string {
  return `${what}: load ${ms(s.readMs)} ms, fit ${ms(s.fitMs - s.readMs)} ms, snapshot ${ms(s.saveMs)} ms, reconcile ${ms(s.reconcileMs)} ms (${s.decided} decided, ${s.flagged} flagged), in all ${ms(s.totalMs)} ms`;
}

await main();
