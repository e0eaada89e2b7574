/**
 * Folds what the bridge takes from the state cache into the UiState. It keeps the per-position inputs and
 * the running PnL between ticks; it is created next to the store (not inside the bridge), so a bridge
 * restart loses nothing. Runs on the bridge's timer only: never on the trading path.
 */
import type { TradeRecord } from "../domain/trade-record.ts";
import type { LaunchDetected } from "../pipeline/events.ts";
import type { ActorRow } from "../runtime/inspection.ts";
import type { LogRecord } from "../log/ring.ts";
import { priceOf, sellValue } from "../domain/exits/value.ts";
import { positionInputOf, priceNumber } from "./positions.ts";
import type { CacheCounters, CacheDelta, DecisionInput, LaunchInput, PositionInput, PositionRecordEntry, Sequenced } from "./state-cache.ts";
import type { FeedEntry, UiExitDistance, UiPosition, UiSection, UiStore, UiTrade } from "./state.ts";

/** Longest attacker-chosen string kept (names, symbols, reasons); longer ones are cut with an ellipsis. */
export const MAX_TEXT = 120;

interface Held {
  input: PositionInput;
  price: number | null;
  /** True once a price newer than the input's exact mark arrived. */
  priceIsNewer: boolean;
}

/** Turns cache deltas into UiState sections and reports which sections changed. */
export class UiProjector {
  private readonly held = new Map<string, Held>();
  private readonly names = new Map<string, { name: string; symbol: string }>();
  private cumulativePnl = 0n;
  private applied = { launches: 0, decisions: 0, trades: 0, alerts: 0 };
  private lastStatusJson = "";
  private lastActorsJson = "";
  private lastLogSeq = 0;

  constructor(private readonly store: UiStore) {}

  /**
   * Applies one delta; `now` is wall-clock ms. Returns the sections that changed. Each list of the delta
   * is emptied once folded, so after a throw the caller can count exactly what was not (`countLost`).
   */
  apply(delta: CacheDelta, counters: CacheCounters, now: number): Set<UiSection> {
    const changed = new Set<UiSection>();
    if (this.applyPositions(delta, now)) changed.add("positions");
    if (delta.trades.length > 0) {
      this.applyTrades(delta.trades, now);
      delta.trades = [];
      changed.add("trades").add("pnl");
    }
    if (delta.launches.length + delta.decisions.length > 0) {
      this.applyFeed(delta.launches, delta.decisions);
      delta.launches = [];
      delta.decisions = [];
      changed.add("feed");
    }
    if (delta.alerts.length > 0) {
      const state = this.store.get();
      const fresh = delta.alerts
        .map((a) => ({ id: a.id, rule: a.rule, severity: a.severity, key: a.key, message: cut(a.message, 300), at: a.at }))
        .reverse();
      this.store.set("alerts", [...fresh, ...state.alerts].slice(0, this.store.bounds.alerts));
      this.applied.alerts += delta.alerts.length;
      delta.alerts = [];
      changed.add("alerts");
    }
    if (this.applyStatus(delta, counters, now)) changed.add("status");
    return changed;
  }

  /** Replaces the actor rows when they changed; true if so. */
  actors(rows: ActorRow[]): boolean {
    const json = JSON.stringify(rows, (k, v: unknown) => (k === "updatedAt" || k === "events" ? undefined : v));
    if (json === this.lastActorsJson) return false;
    this.lastActorsJson = json;
    this.store.set("actors", rows);
    return true;
  }

  /** Appends log records newer than the last seen; true if any. */
  logs(since: (seq: number, limit: number) => LogRecord[]): boolean {
    const fresh = since(this.lastLogSeq, this.store.bounds.logs);
    if (fresh.length === 0) return false;
    this.lastLogSeq = fresh[fresh.length - 1]!.seq;
    this.store.set("logs", [...this.store.get().logs, ...fresh].slice(-this.store.bounds.logs));
    return true;
  }

  private applyPositions(delta: CacheDelta, now: number): boolean {
    let changed = false;
    for (const [mint, entry] of delta.positions) {
      changed = true;
      const view = entry === null ? null : "record" in entry ? fromRecord(entry) : { input: entry, price: null };
      if (view === null) this.held.delete(mint);
      else {
        const prev = this.held.get(mint);
        this.held.set(mint, { input: view.input, price: view.price ?? prev?.price ?? null, priceIsNewer: view.input.markLamports == null });
      }
    }
    for (const [mint, price] of delta.prices) {
      const h = this.held.get(mint);
      if (!h) continue;
      h.price = price;
      h.priceIsNewer = true;
      changed = true;
    }
    // Time-based exits move with the clock even without updates.
    if (!changed && ![...this.held.values()].some((h) => h.input.exits?.some((e) => e.deadlineAt !== undefined))) return false;
    this.store.set("positions", [...this.held.values()].map((h) => positionView(h, now)));
    return true;
  }

  private applyTrades(trades: TradeRecord[], now: number): void {
    const state = this.store.get();
    const rows: UiTrade[] = [];
    const points = [...state.pnl];
    let cumulative = this.cumulativePnl; // committed only once the whole batch is folded
    for (const t of trades) {
      const pnl = t.proceedsLamports - t.costLamports;
      rows.push({
        positionId: t.positionId,
        mint: t.mint,
        name: cut(t.name),
        symbol: cut(t.symbol),
        openedAt: t.openedAt,
        closedAt: t.closedAt,
        costLamports: t.costLamports.toString(),
        proceedsLamports: t.proceedsLamports.toString(),
        pnlLamports: pnl.toString(),
        exitReason: t.exitReason,
      });
      cumulative += pnl;
      points.push({ at: t.closedAt ?? now, cumulativeLamports: cumulative.toString() });
    }
    this.cumulativePnl = cumulative;
    this.applied.trades += trades.length;
    // Newest first in the table; the curve stays oldest first.
    this.store.set("trades", [...rows.reverse(), ...state.trades].slice(0, this.store.bounds.trades));
    this.store.set("pnl", points.slice(-this.store.bounds.pnlPoints));
  }

  private applyFeed(launches: Sequenced<LaunchDetected | LaunchInput>[], decisions: Sequenced<DecisionInput>[]): void {
    const entries: FeedEntry[] = [];
    for (const { seq, item } of launches) {
      const l = "event" in item ? { mint: item.event.mint, name: item.event.name, symbol: item.event.symbol, at: item.seenAt } : item;
      const name = cut(l.name);
      const symbol = cut(l.symbol);
      this.remember(l.mint, name, symbol);
      entries.push({ seq, kind: "launch", at: l.at, mint: l.mint, name, symbol, action: null, reason: null });
    }
    for (const { seq, item: d } of decisions) {
      const known = this.names.get(d.mint);
      entries.push({
        seq,
        kind: "decision",
        at: d.at,
        mint: d.mint,
        name: cut(d.name ?? known?.name ?? ""),
        symbol: cut(d.symbol ?? known?.symbol ?? ""),
        action: d.action,
        reason: d.reason === undefined ? null : cut(d.reason),
      });
    }
    entries.sort((a, b) => b.seq - a.seq); // newest first
    this.applied.launches += launches.length;
    this.applied.decisions += decisions.length;
    this.store.set("feed", [...entries, ...this.store.get().feed].slice(0, this.store.bounds.feed));
  }

  private applyStatus(delta: CacheDelta, c: CacheCounters, now: number): boolean {
    const prev = this.store.get().status;
    const endpoints = new Map(prev.endpoints.map((e) => [e.name, e]));
    for (const [name, e] of delta.endpoints) {
      endpoints.set(name, { name, ok: e.ok, latencyMs: e.latencyMs ?? null, error: e.error == null ? null : cut(e.error, 200), checkedAt: e.at });
    }
    const next = {
      mode: prev.mode,
      wallet: delta.wallet ?? prev.wallet,
      balanceLamports: delta.balanceLamports?.toString() ?? prev.balanceLamports,
      paused: delta.paused ?? prev.paused,
      endpoints: [...endpoints.values()],
      counters: {
        ...this.applied,
        launchesDropped: c.dropped.launches,
        decisionsDropped: c.dropped.decisions,
        tradesDropped: c.dropped.trades,
        alertsDropped: c.dropped.alerts,
      },
      updatedAt: now,
    };
    const json = JSON.stringify({ ...next, updatedAt: 0 });
    if (json === this.lastStatusJson) return false;
    this.lastStatusJson = json;
    this.store.set("status", next);
    return true;
  }

  private remember(mint: string, name: string, symbol: string): void {
    this.names.delete(mint);
    this.names.set(mint, { name, symbol });
    if (this.names.size > 1000) this.names.delete(this.names.keys().next().value as string);
  }
}

/** A positions-actor record as a PositionInput plus the price of its last reserves; null once closed. */
function fromRecord({ record, rules }: PositionRecordEntry): { input: PositionInput; price: number | null } | null {
  if (record.status === "closed" || record.status === "failed") return null;
  const mark = record.mark;
  const input = positionInputOf(record, record, rules, mark ? sellValue(mark, record.tokensHeld, rules.fees) : null);
  input.status = record.status;
  return { input, price: mark ? priceNumber(priceOf(mark)) : null };
}

/** The page view of one held position at `now`. */
function positionView(h: Held, now: number): UiPosition {
  const { input, price } = h;
  const mark =
    input.markLamports != null && !h.priceIsNewer
      ? input.markLamports
      : price !== null && Number.isFinite(price)
        ? BigInt(Math.round(Number(input.tokens) * price))
        : null;
  const pnl = mark === null ? null : mark - input.costLamports;
  const exits: UiExitDistance[] = (input.exits ?? []).map((e) => ({
    rule: e.rule,
    triggerPrice: e.triggerPrice ?? null,
    distancePct: e.triggerPrice !== undefined && price !== null && price > 0 ? ((e.triggerPrice - price) / price) * 100 : null,
    msLeft: e.deadlineAt !== undefined ? Math.max(0, e.deadlineAt - now) : null,
  }));
  return {
    mint: input.mint,
    name: cut(input.name),
    symbol: cut(input.symbol),
    openedAt: input.openedAt,
    status: input.status ?? "open",
    entryPrice: input.entryPrice,
    currentPrice: price,
    tokens: input.tokens.toString(),
    costLamports: input.costLamports.toString(),
    markLamports: mark?.toString() ?? null,
    pnlLamports: pnl?.toString() ?? null,
    pnlPct: pnl !== null && input.costLamports > 0n ? (Number(pnl) / Number(input.costLamports)) * 100 : null,
    exits,
  };
}

/** Bounds an attacker-chosen string (escaping happens at render time, not here). */
export function cut(text: string, max = MAX_TEXT): string {
  const s = typeof text === "string" ? text : String(text);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
