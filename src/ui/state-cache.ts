/**
 * The trading side's write-only window onto the UI. Every write is synchronous, O(1), allocation-light,
 * does no I/O, never awaits and never throws: latest-value-per-key maps (coalescing) and bounded
 * drop-oldest rings (counted). The UI bridge takes the dirty parts on its own timer; trading never waits
 * for it, and a dead bridge only means the rings fill and count their drops.
 */
import type { ExitRules, PositionState, TickReserves } from "../domain/exits/types.ts";
import type { TradeRecord } from "../domain/trade-record.ts";
import type { LaunchDetected } from "../pipeline/events.ts";
import { DropOldestRing } from "./ring.ts";

/** An exit rule of a position: a trigger price (TP / SL / trailing) or a deadline (max hold). */
export interface ExitRuleInput {
  rule: string;
  /** Lamports per token base unit at which the rule fires. */
  triggerPrice?: number;
  /** Wall-clock ms at which a time rule fires. */
  deadlineAt?: number;
}

/** The latest view of one open position, as the positions actor knows it. */
export interface PositionInput {
  mint: string;
  name: string;
  symbol: string;
  openedAt: number;
  costLamports: bigint;
  /** Tokens still held (base units). */
  tokens: bigint;
  /** Lamports per token base unit paid on entry. */
  entryPrice: number;
  /** Exact value of the tokens held at the last price, net of sell fees, when the position knows it. */
  markLamports?: bigint | null;
  exits?: readonly ExitRuleInput[];
  /** `open` by default; e.g. `opening`, `closing`, `stuck`. */
  status?: string;
}

/** A position as the positions actor keeps it (its PositionRecord fits): converted by the bridge, off the trading path. */
export interface PositionRecordLike extends PositionState {
  mint: string;
  name: string;
  symbol: string;
  /** `closed` and `failed` take the position off the page. */
  status: string;
  /** Last reserves seen, for the mark and the current price. */
  mark: TickReserves | null;
}

/** A position record stored as handed over, with the rules to read it by. */
export interface PositionRecordEntry {
  record: PositionRecordLike;
  rules: ExitRules;
}

/** A launch in the feed, when the caller has no LaunchDetected at hand. */
export interface LaunchInput {
  mint: string;
  name: string;
  symbol: string;
  at: number;
}

/** A buy / skip decision about a launch. */
export interface DecisionInput {
  mint: string;
  action: "buy" | "skip";
  reason?: string;
  at: number;
  name?: string;
  symbol?: string;
}

/** An alert (the domain `Alert` fits). */
export interface AlertInput {
  id: string;
  rule: string;
  severity: string;
  key: string;
  message: string;
  at: number;
}

/** Health of one endpoint as a probe saw it. */
export interface EndpointInput {
  ok: boolean;
  latencyMs?: number | null;
  error?: string | null;
  at: number;
}

/** A ring entry stamped with the cache-wide sequence number (shared by launches and decisions, so the feed keeps their order). */
export interface Sequenced<T> {
  seq: number;
  item: T;
}

/** Bounds of the cache (every buffer has one). */
export interface StateCacheBounds {
  launches: number;
  decisions: number;
  trades: number;
  alerts: number;
  /** Distinct mints with a pending position or price update. */
  keys: number;
}

/** Default bounds: a few seconds of a busy launch stream while the bridge restarts. */
export const defaultCacheBounds: StateCacheBounds = { launches: 4096, decisions: 4096, trades: 1024, alerts: 1024, keys: 2048 };

/** What the bridge takes from the cache in one go: everything written since the previous take. */
export interface CacheDelta {
  /** Changed positions by mint; null = closed. */
  positions: Map<string, PositionInput | PositionRecordEntry | null>;
  prices: Map<string, number>;
  launches: Sequenced<LaunchDetected | LaunchInput>[];
  decisions: Sequenced<DecisionInput>[];
  trades: TradeRecord[];
  alerts: AlertInput[];
  wallet: string | undefined;
  balanceLamports: bigint | undefined;
  paused: boolean | undefined;
  endpoints: Map<string, EndpointInput>;
}

/** Totals since creation: written, and dropped by the bounded policies. */
export interface CacheCounters {
  written: { launches: number; decisions: number; trades: number; alerts: number };
  dropped: { launches: number; decisions: number; trades: number; alerts: number; keys: number };
}

/** The state cache: cheap synchronous writes for trading, `take()` for the bridge. */
export class StateCache {
  readonly bounds: StateCacheBounds;
  private seq = 0;
  private positions = new Map<string, PositionInput | PositionRecordEntry | null>();
  private prices = new Map<string, number>();
  private endpoints = new Map<string, EndpointInput>();
  private wallet: string | undefined;
  private balance: bigint | undefined;
  private pausedFlag: boolean | undefined;
  private readonly launches: DropOldestRing<Sequenced<LaunchDetected | LaunchInput>>;
  private readonly decisions: DropOldestRing<Sequenced<DecisionInput>>;
  private readonly trades: DropOldestRing<TradeRecord>;
  private readonly alerts: DropOldestRing<AlertInput>;
  private readonly written = { launches: 0, decisions: 0, trades: 0, alerts: 0 };
  private keysDropped = 0;
  private readonly lost = { launches: 0, decisions: 0, trades: 0, alerts: 0 };

  constructor(bounds: Partial<StateCacheBounds> = {}) {
    this.bounds = { ...defaultCacheBounds, ...bounds };
    this.launches = new DropOldestRing(this.bounds.launches);
    this.decisions = new DropOldestRing(this.bounds.decisions);
    this.trades = new DropOldestRing(this.bounds.trades);
    this.alerts = new DropOldestRing(this.bounds.alerts);
  }

  /** The latest view of an open position (replaces the previous one for its mint). */
  positionUpdated(p: PositionInput): void {
    this.setKey(this.positions, p.mint, p);
  }

  /** The positions actor's record as is (O(1): stored by reference, read by the bridge later). */
  positionRecord(record: PositionRecordLike, rules: ExitRules): void {
    this.setKey(this.positions, record.mint, { record, rules });
  }

  /** The position of `mint` is closed: it leaves the page. */
  positionClosed(mint: string): void {
    this.setKey(this.positions, mint, null);
  }

  /** The latest price of a mint (lamports per token base unit); bursts coalesce to the last value. */
  price(mint: string, price: number): void {
    this.setKey(this.prices, mint, price);
  }

  /** A closed trade (position) for the trades table and the PnL curve. */
  trade(t: TradeRecord): void {
    this.written.trades++;
    this.trades.push(t);
  }

  /** A launch for the feed (the listener's event as is; it is read later, off the trading path). */
  launch(l: LaunchDetected | LaunchInput): void {
    this.written.launches++;
    this.launches.push({ seq: ++this.seq, item: l });
  }

  /** A buy / skip decision for the feed. */
  decision(d: DecisionInput): void {
    this.written.decisions++;
    this.decisions.push({ seq: ++this.seq, item: d });
  }

  /** An alert that fired. */
  alert(a: AlertInput): void {
    this.written.alerts++;
    this.alerts.push(a);
  }

  /** The wallet's public key (never a secret). */
  walletAddress(publicKey: string): void {
    this.wallet = publicKey;
  }

  /** The wallet's balance in lamports. */
  balanceLamports(lamports: bigint): void {
    this.balance = lamports;
  }

  /** Whether intake is paused (control API). */
  paused(paused: boolean): void {
    this.pausedFlag = paused;
  }

  /** Health of an endpoint by name (`rpc`, `ws`, ...). */
  endpoint(name: string, health: EndpointInput): void {
    this.setKey(this.endpoints, name, health);
  }

  /** For the bridge: everything written since the previous take (maps swapped, rings drained). */
  take(): CacheDelta {
    const delta: CacheDelta = {
      positions: this.positions,
      prices: this.prices,
      launches: this.launches.drain(),
      decisions: this.decisions.drain(),
      trades: this.trades.drain(),
      alerts: this.alerts.drain(),
      wallet: this.wallet,
      balanceLamports: this.balance,
      paused: this.pausedFlag,
      endpoints: this.endpoints,
    };
    this.positions = new Map();
    this.prices = new Map();
    this.endpoints = new Map();
    this.wallet = undefined;
    this.balance = undefined;
    this.pausedFlag = undefined;
    return delta;
  }

  /** Totals written and dropped since creation. */
  counters(): CacheCounters {
    return {
      written: { ...this.written },
      dropped: {
        launches: this.launches.dropped + this.lost.launches,
        decisions: this.decisions.dropped + this.lost.decisions,
        trades: this.trades.dropped + this.lost.trades,
        alerts: this.alerts.dropped + this.lost.alerts,
        keys: this.keysDropped,
      },
    };
  }

  /** For the bridge: a taken delta it could not fold (it crashed); what is left of it is counted as dropped. */
  countLost(delta: CacheDelta): void {
    this.lost.launches += delta.launches.length;
    this.lost.decisions += delta.decisions.length;
    this.lost.trades += delta.trades.length;
    this.lost.alerts += delta.alerts.length;
  }

  // Latest value per key; a new key beyond the bound is counted and dropped (existing keys still update).
  private setKey<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= this.bounds.keys && !map.has(key)) {
      this.keysDropped++;
      return;
    }
    map.set(key, value);
  }
}
