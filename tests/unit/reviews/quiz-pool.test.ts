import { describe, expect, it } from "vitest";
import { seededShuffle } from "@/lib/domain/consensus";
import { drawQuizItems, quizPoolSize } from "@/lib/domain/reviews/quiz";

describe("quizPoolSize", () => {
  it.each([
    { quizSize: 5, goldItems: 5, pool: 5, why: "a campaign with one sitting's gold shows it all" },
    { quizSize: 5, goldItems: 6, pool: 5, why: "one sitting needs 5, even past half the gold" },
    { quizSize: 5, goldItems: 24, pool: 12, why: "half the gold" },
    { quizSize: 5, goldItems: 100, pool: 15, why: "three sittings' worth" },
    { quizSize: 5, goldItems: 3, pool: 3, why: "never more than there is" },
    { quizSize: 0, goldItems: 10, pool: 0, why: "no quiz" },
  ])("$why: $pool of $goldItems for sittings of $quizSize", ({ quizSize, goldItems, pool }) => {
    expect(quizPoolSize(quizSize, goldItems)).toBe(pool);
  });
});

describe("drawQuizItems", () => {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  let seed = 7;
  const shuffle = <T,>(xs: readonly T[]) => seededShuffle(xs, seed++);

  it.each([
    { name: "the first sitting: all fresh", exposed: 0, fresh: 100, exposedInCampaign: 0, newAtMost: 5 },
    { name: "a pool with room: exposed and up to the room in fresh ones", exposed: 10, fresh: 90, exposedInCampaign: 10, newAtMost: 5 },
    { name: "a full pool: only exposed items", exposed: 15, fresh: 85, exposedInCampaign: 15, newAtMost: 0 },
    { name: "a full pool without enough this user may see: fresh ones make up the sitting", exposed: 3, fresh: 85, exposedInCampaign: 15, newAtMost: 2 },
  ])("$name", ({ exposed, fresh, exposedInCampaign, newAtMost }) => {
    const drawn = drawQuizItems({ exposed: ids("x", exposed), fresh: ids("f", fresh), exposedInCampaign, quizSize: 5, goldItems: exposedInCampaign + fresh, shuffle });
    expect(drawn).toHaveLength(5);
    expect(new Set(drawn).size).toBe(5);
    expect(drawn.filter((id) => id.startsWith("f")).length).toBeLessThanOrEqual(newAtMost);
  });

  it("over many sittings, never shows more than the pool", () => {
    const exposed = new Set<string>();
    const gold = ids("g", 100);
    for (let sitting = 0; sitting < 50; sitting++) {
      const drawn = drawQuizItems({ exposed: [...exposed], fresh: gold.filter((g) => !exposed.has(g)), exposedInCampaign: exposed.size, quizSize: 5, goldItems: gold.length, shuffle });
      for (const id of drawn) exposed.add(id);
    }
    expect(exposed.size).toBe(quizPoolSize(5, 100));
  });
});
