/** Pure transitions of a PositionRecord (the position machine's assign actions call these). */
import type { ExitDecision, TickReserves } from "../domain/exits/types.ts";
import type { ExitReason } from "../domain/trade-record.ts";
import type { BuyRequest, OrderOutcome } from "../pipeline/orders.ts";
import type { MissedOutcome, PositionRecord } from "./types.ts";

type Confirmed = Extract<OrderOutcome, { type: "order.confirmed" }>;

/** The positionId of a buy: one mint is bought at most once, so mint + launch signature is unique. */
export function positionIdFor(request: BuyRequest): string {
  return `${request.mint}:${request.launchSignature.slice(0, 16)}`;
}

/** A new position for a buy just requested (status opening). */
export function openingRecord(request: BuyRequest, meta: { name?: string; symbol?: string; now: number }): PositionRecord {
  const zero = { num: 0n, den: 1n };
  return {
    positionId: positionIdFor(request),
    mint: request.mint,
    bondingCurve: request.bondingCurve,
    creator: request.creator,
    tokenProgram: request.tokenProgram,
    name: (meta.name ?? "").slice(0, 64),
    symbol: (meta.symbol ?? "").slice(0, 16),
    status: "opening",
    requestedLamports: request.lamports,
    launchSignature: request.launchSignature,
    requestedAt: meta.now,
    tokensBought: 0n,
    tokensHeld: 0n,
    costLamports: 0n,
    entryPrice: zero,
    highWater: zero,
    openedAt: meta.now,
    tpDone: 0,
    pendingExit: "none",
    proceedsLamports: 0n,
    feesLamports: 0n,
    pendingSell: null,
    queuedExit: null,
    mark: null,
    exitReason: null,
    closedAt: null,
    sellFailures: 0,
    lastError: null,
    version: 0,
  };
}

/** The buy filled: tokens held, cost (fees included), entry price = curve lamports / tokens. */
export function applyBuyFill(r: PositionRecord, o: Confirmed, now: number): PositionRecord {
  const entry = { num: o.lamports, den: o.tokens === 0n ? 1n : o.tokens };
  return {
    ...r,
    status: o.tokens > 0n ? "open" : "closed",
    tokensBought: o.tokens,
    tokensHeld: o.tokens,
    costLamports: o.lamports + o.feeLamports,
    feesLamports: r.feesLamports + o.feeLamports,
    entryPrice: entry,
    highWater: entry,
    openedAt: now,
    closedAt: o.tokens > 0n ? null : now,
  };
}

/** The buy failed: nothing held. */
export function applyBuyFailed(r: PositionRecord, reason: string, now: number): PositionRecord {
  return { ...r, status: "failed", closedAt: now, lastError: reason.slice(0, 200) };
}

/** Merges the decisions of one tick into one sell (a full exit wins; TP levels add up). */
export function combineDecisions(decisions: readonly ExitDecision[]): { reason: ExitReason; tokens: bigint; full: boolean; levels: number } | null {
  if (decisions.length === 0) return null;
  let tokens = 0n;
  let levels = 0;
  let full = false;
  for (const d of decisions) {
    tokens += d.tokens;
    if (d.level !== null) levels |= 1 << d.level;
    full ||= d.full;
  }
  return { reason: decisions[decisions.length - 1]!.reason, tokens, full, levels };
}

/** An exit was decided: the sell becomes pending; its TP levels count as taken from now on. */
export function startExit(
  r: PositionRecord,
  exit: { reason: ExitReason; tokens: bigint; full: boolean; levels: number },
  at: { triggeredAt: number; now: number },
): PositionRecord {
  const tokens = exit.full || exit.tokens > r.tokensHeld ? r.tokensHeld : exit.tokens;
  const full = exit.full || tokens === r.tokensHeld;
  return {
    ...r,
    status: "exiting",
    tpDone: r.tpDone | exit.levels,
    pendingExit: full ? "full" : "partial",
    pendingSell: { reason: exit.reason, tokens, full, levels: exit.levels, attempt: 0, triggeredAt: at.triggeredAt, decidedAt: at.now },
    queuedExit: null,
    sellFailures: 0,
  };
}

/** The full exit queued while a partial sell was in flight starts, now that the partial settled. */
export function startQueuedExit(r: PositionRecord, now: number): PositionRecord {
  return startExit(r, { reason: r.queuedExit ?? "manual", tokens: r.tokensHeld, full: true, levels: 0 }, { triggeredAt: 0, now });
}

/** A sell filled: fewer tokens, more proceeds; closed when nothing is left. */
export function applySellFill(r: PositionRecord, o: Confirmed, now: number): PositionRecord {
  const sold = o.tokens > r.tokensHeld ? r.tokensHeld : o.tokens;
  const held = r.tokensHeld - sold;
  const reason = r.pendingSell?.reason ?? r.queuedExit ?? "manual";
  const closed = held === 0n;
  return {
    ...r,
    tokensHeld: held,
    proceedsLamports: r.proceedsLamports + o.lamports - o.feeLamports,
    feesLamports: r.feesLamports + o.feeLamports,
    status: closed ? "closed" : "open",
    pendingExit: "none",
    pendingSell: null,
    exitReason: closed ? reason : r.exitReason,
    closedAt: closed ? now : null,
    sellFailures: 0,
    lastError: null,
  };
}

/**
 * A sell attempt failed: count it; the next attempt widens the slippage bound, and sells without closing
 * the token account when this one's close was refused (`accountNotEmpty`).
 */
export function applySellFailed(r: PositionRecord, reason: string, accountNotEmpty = false): PositionRecord {
  const p = r.pendingSell;
  return {
    ...r,
    sellFailures: r.sellFailures + 1,
    lastError: reason.slice(0, 200),
    pendingSell: p === null ? null : { ...p, attempt: p.attempt + 1, ...(accountNotEmpty || p.keepAccount === true ? { keepAccount: true } : {}) },
  };
}

/** The reserves to price a sell on: the latest mark, else the entry price. */
export function sellReserves(r: PositionRecord, latest: TickReserves | undefined): TickReserves {
  if (latest !== undefined) return latest;
  if (r.mark !== null) return r.mark;
  return { virtualSolReserves: r.entryPrice.num, virtualTokenReserves: r.entryPrice.den };
}

/**
 * Applies outcomes the journal settled but the record never got (see PositionStore.missedOutcomes), as
 * the position machine would have, each at the time it was recorded: a buy's fill or failure to an
 * opening record, a sell's fill to an exiting or stuck one (then a queued full exit starts). Other
 * pairings are ignored (the record already moved on).
 */
export function applyMissedOutcomes(r: PositionRecord, missed: readonly MissedOutcome[]): PositionRecord {
  for (const { outcome: o, at } of missed) {
    if (o.side === "buy" && r.status === "opening") {
      r = o.type === "order.confirmed" ? applyBuyFill(r, o, at) : applyBuyFailed(r, o.reason, at);
    } else if (o.side === "sell" && o.type === "order.confirmed" && (r.status === "exiting" || r.status === "stuck")) {
      r = applySellFill(r, o, at);
      if (r.status === "open" && r.queuedExit !== null && r.tokensHeld > 0n) r = startQueuedExit(r, at);
    }
  }
  return r;
}
