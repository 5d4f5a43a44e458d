import { describe, expect, it } from "vitest";
import { majorityVote, type Vote } from "../../../lib/domain/consensus";

const votes = (rows: [string, string, number][]): Vote[] => rows.map(([itemId, reviewerId, label]) => ({ itemId, reviewerId, label }));

describe("majorityVote", () => {
  it.each<[string, number, [string, string, number][], Record<string, number>, number]>([
    ["clear majorities", 2, [["s1", "a", 1], ["s1", "b", 1], ["s1", "c", 0], ["s2", "a", 0]], { s1: 1, s2: 0 }, 0],
    [
      "a tie goes to the answer given most often overall",
      3,
      [["s1", "a", 0], ["s1", "b", 2], ["s2", "a", 2], ["s2", "b", 2]],
      { s1: 2, s2: 2 },
      1,
    ],
    ["a tie between equally frequent answers goes to the first class", 3, [["s1", "a", 2], ["s1", "b", 1]], { s1: 1 }, 1],
    ["three-way plurality", 3, [["s1", "a", 0], ["s1", "b", 1], ["s1", "c", 1], ["s1", "d", 2]], { s1: 1 }, 0],
  ])("%s", (_, classes, rows, expected, ties) => {
    const result = majorityVote(classes, votes(rows));
    expect(Object.fromEntries(result.labels)).toEqual(expected);
    expect(result.ties).toBe(ties);
  });
});
