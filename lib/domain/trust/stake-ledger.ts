// A stake as the escrow holds it, replayed from its events: the indexer applies each event once, in chain order, and
// lands where the contract's own state is (the integration test compares the two).

export type StakeState = { active: bigint; leaving: bigint; unlockAt: Date | null; slashed: bigint };

export type StakeEvent =
  | { kind: "STAKED"; amount: bigint }
  | { kind: "WITHDRAWAL_REQUESTED"; amount: bigint; unlockAt: Date }
  | { kind: "WITHDRAWN"; amount: bigint }
  | { kind: "SLASHED"; amount: bigint };

export const EMPTY_STAKE: StakeState = { active: 0n, leaving: 0n, unlockAt: null, slashed: 0n };

/** The state after `event`; throws on an event the contract could not have emitted from `state` (a missed event). */
export function applyStakeEvent(state: StakeState, event: StakeEvent): StakeState {
  switch (event.kind) {
    case "STAKED":
      return { ...state, active: state.active + event.amount };
    case "WITHDRAWAL_REQUESTED":
      requireAtMost(event.amount, state.active, "a withdrawal request above the active stake");
      return { ...state, active: state.active - event.amount, leaving: state.leaving + event.amount, unlockAt: event.unlockAt };
    case "WITHDRAWN":
      requireAtMost(event.amount, state.leaving, "a withdrawal above what was leaving");
      return { ...state, leaving: state.leaving - event.amount, unlockAt: null };
    case "SLASHED": {
      requireAtMost(event.amount, state.active + state.leaving, "a slash above the stake");
      const fromActive = event.amount <= state.active ? event.amount : state.active;
      return { ...state, active: state.active - fromActive, leaving: state.leaving - (event.amount - fromActive), slashed: state.slashed + event.amount };
    }
  }
}

function requireAtMost(amount: bigint, available: bigint, what: string): void {
  if (amount > available) throw new Error(`The escrow reported ${what} (${amount} > ${available} wei): an earlier event was missed.`);
}
