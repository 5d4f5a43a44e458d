import { describe, expect, it } from "vitest";
import { parseBenchArgs, UsageError } from "../../bench/consensus";

describe("parseBenchArgs (consensus benchmark command line)", () => {
  it("defaults to every dataset, 5% gold and seeds 1..10", () => {
    expect(parseBenchArgs([])).toEqual({ dataDirs: [], goldFraction: 0.05, firstSeed: 1, seeds: 10 });
  });

  it("reads --data (repeatable), --gold-fraction and --seed, in both spellings", () => {
    expect(parseBenchArgs(["--data", "a", "--data=b", "--gold-fraction", "0.1", "--seed=7"])).toEqual({
      dataDirs: ["a", "b"],
      goldFraction: 0.1,
      firstSeed: 7,
      seeds: 1,
    });
    expect(parseBenchArgs(["--seed", "3", "--seeds", "5"])).toMatchObject({ firstSeed: 3, seeds: 5 });
    expect(parseBenchArgs(["--gold-fraction", "0"])).toMatchObject({ goldFraction: 0 });
  });

  it("answers --help", () => {
    expect(parseBenchArgs(["--data", "x", "--help"])).toBe("help");
  });

  it.each([
    [["--gold"], /Unknown option --gold/],
    [["--verbose"], /Unknown option --verbose/],
    [["some/dir"], /Unexpected argument/],
    [["--data"], /--data needs a value/],
    [["--seed", "--data", "x"], /--seed needs a value/],
    [["--gold-fraction", "1"], /--gold-fraction must be a number in \[0, 1\)/],
    [["--gold-fraction", "abc"], /--gold-fraction/],
    [["--gold-fraction="], /--gold-fraction/],
    [["--seed", "1.5"], /--seed must be a whole number/],
    [["--seed", "-1"], /--seed must be a whole number/],
    [["--seeds", "0"], /--seeds must be a whole number >= 1/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
