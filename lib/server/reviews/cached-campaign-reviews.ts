import "server-only";
import type { OutcomeSpace } from "@/lib/domain/consensus";
import { UNDO_WINDOW_MS } from "@/lib/schemas/review";
import { readConsistently, type ReadConnection } from "@/lib/server/read-connection";
import { sqliteDateTime } from "@/lib/server/sqlite-direct";
import { CAMPAIGN_REVIEWS, REVIEW_COLUMNS, type CampaignReviews, type ReviewRow } from "./campaign-reviews";
import { ReviewColumns } from "./review-columns";

// The consensus-fit process keeps the reviews it read of a campaign between fits and, at the next fit, reads only
// the recent ones again: reading every review of a large campaign costs about as much as fitting them, reading those
// of the last minutes next to nothing.
// It is a cache, never an agreement: the database stays the only source, a fit by any other process reads it whole,
// and this process reads it whole again after a while.
//
// Reviews change in two ways only: a verdict is added, and a verdict is undone (deleted) within UNDO_WINDOW_MS of its
// createdAt; a review is never edited, and a sample's labels never change. So a review whose createdAt is far enough
// in the past is settled: it was committed before the read that saw it, and nothing will happen to it any more. The
// cache keeps the settled reviews and reads every review created since the settling boundary of its last read again,
// on every fit: the unsettled ones it held (some since undone) are replaced by what the database holds now. Each read
// marks which of the reviews it returns are settled by then (createdAt before its own boundary). Without review ids:
// the fit needs those of the few samples it describes, and looks them up (campaign-reviews.ts).

/**
 * How long after its createdAt a review may still change what a read sees: undone within UNDO_WINDOW_MS, or seen
 * late (a review is stamped under the write lock and committed at once, but by a web server whose clock may run
 * behind this one). Generous on purpose: re-reading that window costs only the reviews in it.
 */
export const SETTLE_MS = Math.max(10 * 60_000, 10 * UNDO_WINDOW_MS);
/** Read whole again after this long, whatever the margin above missed. */
const MAX_AGE_MS = 30 * 60_000;
/** Campaigns kept, the most recently fitted: each holds a column per review field of a whole campaign in the heap. */
const CAMPAIGNS_KEPT = 2;

type Entry = {
  /** The outcome space the review classes were computed in (a campaign's label schema can change). */
  space: string;
  columns: CampaignReviews;
  /** 1 for each review of `columns` created before `boundary` (ms), settled. */
  settled: Uint8Array;
  boundary: number;
  readWholeAt: number;
};

const entries = new Map<string, Entry>();

/**
 * readCampaignReviews, from what this process read before where it can be trusted: the settled reviews of its last
 * read, and every review created since that read's boundary, read now. `now` is for tests.
 */
export function readCampaignReviewsCached(campaignId: string, space: OutcomeSpace, now: number = Date.now()): CampaignReviews {
  const spaceKey = JSON.stringify(space);
  const boundary = now - SETTLE_MS;
  const previous = entries.get(campaignId);
  const read = readConsistently((connection) => {
    let reuse = previous && previous.space === spaceKey && now - previous.readWholeAt < MAX_AGE_MS && boundary >= previous.boundary ? previous : undefined;
    // A burst of recent reviews (a campaign imported at once) is cheaper to read with the rest than through the index
    // on createdAt: the count of the window, every campaign's, is an upper bound read from that index alone.
    if (reuse && recentCount(connection, reuse.boundary) > reuse.columns.count / 4) reuse = undefined;
    const settled = new Growing();
    let columns: ReviewColumns;
    let rows;
    if (reuse) {
      columns = new ReviewColumns(space, { withIds: false, from: { columns: reuse.columns, keep: reuse.settled } });
      for (let r = 0; r < columns.count; r++) settled.push(1);
      rows = connection
        .prepare<[string, string, string], ReviewRow>(
          `SELECT ${REVIEW_COLUMNS}, r."createdAt" < ? FROM "Review" AS r CROSS JOIN "Sample" AS s
           WHERE r."createdAt" >= ? AND s."id" = r."sampleId" AND s."campaignId" = ? AND r."goldChallengeId" IS NULL`,
        )
        .raw(true)
        .iterate(sqliteDateTime(new Date(boundary)), sqliteDateTime(new Date(reuse.boundary)), campaignId);
    } else {
      columns = new ReviewColumns(space, { withIds: false });
      rows = connection
        .prepare<[string, string], ReviewRow>(`SELECT ${REVIEW_COLUMNS}, r."createdAt" < ? FROM ${CAMPAIGN_REVIEWS}`)
        .raw(true)
        .iterate(sqliteDateTime(new Date(boundary)), campaignId);
    }
    for (const row of rows) {
      columns.add(row);
      settled.push(row[6] as number);
    }
    return { columns: columns.withGold(connection, campaignId), settled: settled.array(), reused: reuse !== undefined };
  });
  entries.delete(campaignId);
  while (entries.size >= CAMPAIGNS_KEPT) entries.delete(entries.keys().next().value!);
  entries.set(campaignId, { space: spaceKey, columns: read.columns, settled: read.settled, boundary, readWholeAt: read.reused ? previous!.readWholeAt : now });
  return read.columns;
}

function recentCount(connection: ReadConnection, since: number): number {
  return connection.prepare<[string], number>(`SELECT COUNT(*) FROM "Review" WHERE "createdAt" >= ?`).pluck(true).get(sqliteDateTime(new Date(since))) ?? 0;
}

/** A byte array that grows as it is filled. */
class Growing {
  private bytes = new Uint8Array(1 << 16);
  private n = 0;
  push(value: number): void {
    if (this.n === this.bytes.length) {
      const larger = new Uint8Array(this.bytes.length * 2);
      larger.set(this.bytes);
      this.bytes = larger;
    }
    this.bytes[this.n++] = value;
  }
  array(): Uint8Array {
    return this.bytes.subarray(0, this.n);
  }
}
