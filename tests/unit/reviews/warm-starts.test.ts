import { describe, expect, it } from "vitest";
import { ITEM_BIAS_STATE_VERSION, type ItemBiasState } from "@/lib/domain/consensus";
import { rememberWarmStart, warmStartOf } from "@/lib/server/reviews/warm-starts";

const state = (tag: number): ItemBiasState => ({
  version: ITEM_BIAS_STATE_VERSION,
  classes: 2,
  logClassPriors: [Math.log(0.5), Math.log(0.5)],
  goldReliability: null,
  reviewerIds: [],
  reviewerLogOdds: [],
  itemIds: [`item-${tag}`],
  itemShifts: [0, 0],
});

describe("warm starts", () => {
  it("keeps each campaign run's last fit apart, replaces it with the next, and forgets it when a fit has none", () => {
    rememberWarmStart("a", "verdict", state(1));
    rememberWarmStart("a", "label", state(2));
    expect(warmStartOf("a", "verdict")).toEqual(state(1));
    expect(warmStartOf("a", "label")).toEqual(state(2));
    rememberWarmStart("a", "verdict", state(3));
    expect(warmStartOf("a", "verdict")).toEqual(state(3));
    // A Dawid-Skene fit has no state: the stale item-bias state must not come back when item-bias does.
    rememberWarmStart("a", "verdict", undefined);
    expect(warmStartOf("a", "verdict")).toBeUndefined();
  });

  it("holds the 16 most recently fitted runs: the least recently fitted goes first", () => {
    for (let i = 0; i < 16; i++) rememberWarmStart(`c${i}`, "verdict", state(i));
    rememberWarmStart("c0", "verdict", state(100)); // c0 is fitted again: now the most recent
    rememberWarmStart("c16", "verdict", state(16));
    expect(warmStartOf("c1", "verdict")).toBeUndefined();
    expect(warmStartOf("c0", "verdict")).toEqual(state(100));
    for (let i = 2; i <= 16; i++) expect(warmStartOf(`c${i}`, "verdict")).toEqual(state(i));
  });
});
