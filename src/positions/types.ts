/** The persisted position, and the ports the positions manager needs (store, executor). */
import type { PositionState, TickReserves } from "../domain/exits/types.ts";
import type { ExitReason } from "../domain/trade-record.ts";
import type { OrderOutcome, SellRequest } from "../pipeline/orders.ts";

/** Lifecycle of a position (the position machine's top-level states). */
export type PositionStatus = "opening" | "open" | "exiting" | "stuck" | "closed" | "failed";

/** Statuses that are still live (resumed after a restart). */
export const LIVE_STATUSES: readonly PositionStatus[] = ["opening", "open", "exiting", "stuck"];

/** A sell in flight (persisted, so a restart resumes it instead of forgetting it). */
export interface PendingSell {
  reason: ExitReason;
  tokens: bigint;
  full: boolean;
  /** Take-profit levels this sell takes (bit mask). */
  levels: number;
  /** 0 for the first send; the slippage bound widens with each retry. */
  attempt: number;
  /** Clock.monotonic() of the frame that triggered it (exit latency). */
  triggeredAt: number;
  /** Wall-clock ms when the exit was decided. */
  decidedAt: number;
  /**
   * True once a close of the token account was refused (it held more than the position: tokens sent to
   * it by someone else): later attempts sell without closing it.
   */
  keepAccount?: boolean;
}

/** Everything a position needs to resume: the exit rules' state plus identity, money and the sell in flight. */
export interface PositionRecord extends PositionState {
  positionId: string;
  mint: string;
  bondingCurve: string;
  creator: string;
  tokenProgram: string;
  /** Attacker-chosen: escape before display. */
  name: string;
  symbol: string;
  status: PositionStatus;
  /** Lamports the buy request committed (exposure while opening). */
  requestedLamports: bigint;
  launchSignature: string;
  /** Wall-clock ms the buy was requested. */
  requestedAt: number;
  proceedsLamports: bigint;
  feesLamports: bigint;
  pendingSell: PendingSell | null;
  /** A full exit decided while a partial sell was in flight: sent once the partial settles. */
  queuedExit: ExitReason | null;
  /** Last reserves seen (for the sell's slippage bound after a restart, before the next trade). */
  mark: TickReserves | null;
  exitReason: ExitReason | null;
  closedAt: number | null;
  /** Sell failures on the current exit (reset when it fills). */
  sellFailures: number;
  lastError: string | null;
  /** Save counter: a store may drop a save older than what it holds. */
  version: number;
}

/** Where positions are persisted (the SQLite store implements it; synchronous like bun:sqlite). */
export interface PositionStore {
  /**
   * Every position whose status is live (opening, open, exiting, stuck). A store that also holds the
   * executor's intents includes the opening record a pending buy intent implies when that record was
   * never saved (the process died between the buy's send and the save).
   */
  loadOpenPositions(): PositionRecord[];
  loadPosition(positionId: string): PositionRecord | undefined;
  /** Upserts by positionId; durable on return, or ordered write-behind flushed on shutdown. */
  savePosition(record: PositionRecord): void;
  /** The opening record of a buy just sent: durable on return, by the cheapest means the store has. */
  savePositionAhead(record: PositionRecord): void;
  /**
   * Optional, for a store that also holds the executor's journal: the outcomes it settled for this live
   * record that the record does not show yet, oldest first. The journal commits an outcome before the
   * position hears of it, so a process killed between the two commits, or an outcome that came while the
   * positions manager was restarting, leaves the record behind; the manager applies these before resuming
   * it (a sell already landed is never sent again).
   */
  missedOutcomes?(record: PositionRecord): MissedOutcome[];
}

/** An outcome the journal settled, with the wall-clock ms it was recorded (the record's times use it). */
export interface MissedOutcome {
  outcome: OrderOutcome;
  at: number;
}

/** The executor as the positions see it (src/pipeline/orders.ts); outcomes come back as OrderOutcome events. */
export interface ExecutorPort {
  /**
   * Must return at once. A refusal (nothing sent, so no outcome will come) or a throw counts as a
   * retryable failure of this attempt, unless a sell of the position is in flight (its outcome will come)
   * or the refusal is `unavailable` (the executor takes no orders right now: the sell waits, uncounted).
   */
  sell(request: SellRequest): { ok: true } | { ok: false; reason: string; unavailable?: true };
  /** True while a sell of this position is sent and unsettled, or being reconciled: its outcome will come. */
  sellInFlight(positionId: string): boolean;
}

/** How sells are bounded and retried (config `[exits]`). */
export interface SellPolicy {
  /** Slippage of the first attempt (bps below the expected net proceeds). */
  slippageBps: number;
  /** Added per retry. */
  slippageStepBps: number;
  slippageMaxBps: number;
  /** Failed attempts before the position goes `stuck`. */
  maxRetries: number;
  /** Wait before a retry. */
  retryDelayMs: number;
  /** Wait for the executor when its slot is empty (restarting). */
  executorWaitMs: number;
  /** No outcome within this time: count as a failed attempt and resend. */
  outcomeTimeoutMs: number;
}

/** Defaults of the sell policy. */
export const sellPolicyDefaults: SellPolicy = {
  slippageBps: 1_500,
  slippageStepBps: 1_000,
  slippageMaxBps: 5_000,
  maxRetries: 4,
  retryDelayMs: 500,
  executorWaitMs: 100,
  outcomeTimeoutMs: 60_000,
};
