/**
 * A reviewer whose measured reliability in a campaign falls below the campaign's floor stops receiving its items.
 * Measured, not guessed: below FLOOR_MIN_VOTES votes the engine's estimate is mostly its prior, and a newcomer's two
 * unlucky votes must not exclude them.
 */
export const FLOOR_MIN_VOTES = 8;

export interface MeasuredReviewer {
  readonly votes: number;
  /** Class-balanced accuracy from the consensus engine: chance is 1/K. */
  readonly reliability: number;
}

export function isBelowFloor(reviewer: MeasuredReviewer, floor: number): boolean {
  return reviewer.votes >= FLOOR_MIN_VOTES && reviewer.reliability < floor;
}
