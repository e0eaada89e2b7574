/**
 * The edge trigger every rule shares: fire once when the value crosses the trigger threshold, re-arm only
 * after it goes back past the re-arm threshold (hysteresis), and never fire more often than the cooldown.
 */

/** Per rule per key: whether the next crossing may fire, and when it last fired. */
export interface GateState {
  armed: boolean;
  lastFiredAt: number | null;
}

/** Where the measured value stands against the two thresholds. */
export interface Reading {
  /** Past the trigger threshold. */
  breached: boolean;
  /** Back past the re-arm threshold (outside the hysteresis band). */
  rearmed: boolean;
}

/** A fresh, armed gate. */
export function newGate(): GateState {
  return { armed: true, lastFiredAt: null };
}

/**
 * One step of the gate. A breach while armed fires unless the cooldown since the last firing has not
 * elapsed; a breach held back by the cooldown stays armed, so it fires once the cooldown is over if the
 * value is still past the threshold. Inside the band (neither breached nor re-armed) nothing changes.
 */
export function stepGate(state: GateState, reading: Reading, now: number, cooldownMs: number): { state: GateState; fire: boolean } {
  if (reading.breached) {
    if (!state.armed) return { state, fire: false };
    const cooling = state.lastFiredAt !== null && now - state.lastFiredAt < cooldownMs;
    if (cooling) return { state, fire: false };
    return { state: { armed: false, lastFiredAt: now }, fire: true };
  }
  if (reading.rearmed && !state.armed) return { state: { ...state, armed: true }, fire: false };
  return { state, fire: false };
}
