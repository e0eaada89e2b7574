/**
 * The positions manager's hot path: a per-mint index of live positions. Every trade on a held mint is
 * evaluated against the exit rules as a plain function call (no machine event); the position's machine
 * gets an event only when a rule fires. The high-water mark lives here and is saved on each new high.
 */
import type { Clock } from "../clock.ts";
import { costOfHeld } from "../domain/exits/value.ts";
import { evaluateExit, nextHighWater } from "../domain/exits/evaluate.ts";
import type { ExitDecision, ExitRules, PriceTick, Price } from "../domain/exits/types.ts";
import type { OrderOutcome } from "../pipeline/orders.ts";
import type { CurveCompleted, TradeObserved } from "../pipeline/events.ts";
import type { TradeEvent } from "../chain/pump/event-types.ts";
import type { PositionEvent } from "../machines/position.machine.ts";
import { combineDecisions } from "./record.ts";
import type { PositionRecord, PositionStore } from "./types.ts";

interface Entry {
  record: PositionRecord;
  send: (event: PositionEvent) => void;
}

const CREATOR_SOLD = { kind: "creator_sold" } as const;
const CURVE_COMPLETED = { kind: "curve_completed" } as const;
const DONE = new Set(["closed", "failed"]);

/** Options of the book. */
export interface PositionBookOptions {
  rules: ExitRules;
  clock: Clock;
  store: PositionStore;
  /** Every saved record (UI bridge, alerts, history). */
  onChange?: (record: PositionRecord) => void;
}

/** Counters of the hot path. */
export interface BookStats {
  trades: number;
  evaluated: number;
  exits: number;
}

/** The per-mint index and rule evaluation of the positions manager. */
export class PositionBook {
  private readonly byId = new Map<string, Entry>();
  private readonly byMint = new Map<string, Entry[]>();
  private readonly reserves = new Map<string, TradeEvent>();
  private readonly tick: PriceTick = { kind: "price", reserves: { virtualSolReserves: 0n, virtualTokenReserves: 1n } };
  readonly stats: BookStats = { trades: 0, evaluated: 0, exits: 0 };
  // Running totals over byId, kept by track(): the launch filter reads them on the snipe path.
  private exposure = 0n;
  private slots = 0;

  constructor(private readonly options: PositionBookOptions) {}

  /** Indexes a live position; `send` reaches its machine. */
  add(record: PositionRecord, send: (event: PositionEvent) => void): void {
    const entry: Entry = { record, send };
    this.track(record, 1);
    this.byId.set(record.positionId, entry);
    const list = this.byMint.get(record.mint);
    if (list === undefined) this.byMint.set(record.mint, [entry]);
    else list.push(entry);
  }

  /** Re-points a restarted position at its new machine. */
  rebind(positionId: string, record: PositionRecord, send: (event: PositionEvent) => void): void {
    const entry = this.byId.get(positionId);
    if (entry === undefined) return this.add(record, send);
    this.replace(entry, record);
    entry.send = send;
  }

  /** Drops a position from the index. */
  remove(positionId: string): void {
    const entry = this.byId.get(positionId);
    if (entry === undefined) return;
    this.track(entry.record, -1);
    this.byId.delete(positionId);
    const list = this.byMint.get(entry.record.mint);
    if (list !== undefined) {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) {
        this.byMint.delete(entry.record.mint);
        this.reserves.delete(entry.record.mint);
      }
    }
  }

  /** Saves a record from a position machine (keeping the newer high-water mark and the mark price); returns what it saved. */
  persist(record: PositionRecord): PositionRecord {
    const entry = this.byId.get(record.positionId);
    let merged = record;
    if (entry !== undefined) {
      const hw = entry.record.highWater;
      const higher = hw.num * record.highWater.den > record.highWater.num * hw.den;
      const latest = this.reserves.get(record.mint);
      merged = {
        ...record,
        highWater: higher ? hw : record.highWater,
        mark: latest === undefined ? record.mark : { virtualSolReserves: latest.virtualSolReserves, virtualTokenReserves: latest.virtualTokenReserves },
        version: Math.max(entry.record.version, record.version) + 1,
      };
      this.replace(entry, merged);
    }
    this.options.store.savePosition(merged);
    this.options.onChange?.(merged);
    if (DONE.has(merged.status)) this.remove(merged.positionId);
    return merged;
  }

  /** Every trade: plain-function rule evaluation for the positions on that mint. */
  onTrade(t: TradeObserved): void {
    this.stats.trades++;
    const e = t.event;
    const list = this.byMint.get(e.mint);
    if (list === undefined) return;
    this.reserves.set(e.mint, e);
    const now = this.options.clock.now();
    const rules = this.options.rules;
    this.tick.reserves = e;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i]!;
      const r = entry.record;
      if (r.status !== "open" && r.status !== "exiting") continue;
      this.stats.evaluated++;
      let ds: readonly ExitDecision[] = evaluateExit(r, this.tick, rules, now);
      if (ds.length === 0 && !e.isBuy && e.user === r.creator) ds = evaluateExit(r, CREATOR_SOLD, rules, now);
      const hw = nextHighWater(r, e);
      if (hw !== r.highWater) this.saveHighWater(entry, hw);
      if (ds.length > 0) this.fire(entry, ds, t.receivedAt);
    }
  }

  /** The curve completed: the curve-completed rule for every position on the mint. */
  onComplete(c: CurveCompleted): void {
    const list = this.byMint.get(c.event.mint);
    if (list === undefined) return;
    const now = this.options.clock.now();
    for (const entry of [...list]) {
      if (entry.record.status !== "open" && entry.record.status !== "exiting") continue;
      const ds = evaluateExit(entry.record, CURVE_COMPLETED, this.options.rules, now);
      if (ds.length > 0) this.fire(entry, ds, c.receivedAt);
    }
  }

  /** Routes an executor outcome by positionId, else by mint (buys: the opening position of the mint). */
  route(o: OrderOutcome): boolean {
    let entry = o.positionId === undefined ? undefined : this.byId.get(o.positionId);
    if (entry === undefined) {
      const list = this.byMint.get(o.mint);
      entry = list?.find((x) => (o.side === "buy" ? x.record.status === "opening" : x.record.status !== "opening")) ?? list?.[0];
    }
    if (entry === undefined) return false;
    entry.send(o);
    return true;
  }

  /** Sends `event` to one position; false when it is not live. */
  send(positionId: string, event: PositionEvent): boolean {
    const entry = this.byId.get(positionId);
    if (entry === undefined) return false;
    entry.send(event);
    return true;
  }

  /** Live positions (snapshot of their records). */
  list(): PositionRecord[] {
    return [...this.byId.values()].map((e) => e.record);
  }

  /** Latest reserves of a held mint. */
  reservesOf(mint: string): TradeEvent | undefined {
    return this.reserves.get(mint);
  }

  /** Live positions (for the max_positions filter). */
  openCount(): number {
    return this.slots;
  }

  /** True when the position is indexed (live). */
  has(positionId: string): boolean {
    return this.byId.has(positionId);
  }

  /** True when a live position holds or is buying `mint`. */
  hasMint(mint: string): boolean {
    return this.byMint.has(mint);
  }

  /** Lamports at risk in `mint`: the request while opening, then the cost of the tokens still held. */
  exposureFor(mint: string): bigint {
    let sum = 0n;
    for (const e of this.byMint.get(mint) ?? []) sum += exposureOf(e.record);
    return sum;
  }

  /** Lamports at risk over every live position. */
  totalExposure(): bigint {
    return this.exposure;
  }

  private replace(entry: Entry, record: PositionRecord): void {
    this.track(entry.record, -1);
    entry.record = record;
    this.track(record, 1);
  }

  /** Adds (sign 1) or takes out (-1) a live record's share of the running totals. */
  private track(record: PositionRecord, sign: 1 | -1): void {
    this.exposure += sign === 1 ? exposureOf(record) : -exposureOf(record);
    // A stuck position (e.g. its curve completed) still holds tokens, so it keeps counting as exposure,
    // but it does not take one of the maxOpenPositions slots: it would block every future buy.
    if (record.status !== "stuck") this.slots += sign;
  }

  private saveHighWater(entry: Entry, hw: Price): void {
    const merged = { ...entry.record, highWater: hw, version: entry.record.version + 1 };
    this.replace(entry, merged);
    this.options.store.savePosition(merged);
  }

  private fire(entry: Entry, ds: readonly ExitDecision[], triggeredAt: number): void {
    const exit = combineDecisions(ds);
    if (exit === null) return;
    this.stats.exits++;
    entry.send({ type: "position.exit", exit, triggeredAt });
  }
}

function exposureOf(r: PositionRecord): bigint {
  return r.status === "opening" ? r.requestedLamports : costOfHeld(r.costLamports, r.tokensHeld, r.tokensBought);
}
