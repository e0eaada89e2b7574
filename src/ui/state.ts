/**
 * The UiState read model: everything the status page shows, as plain JSON-safe values (lamports as decimal
 * strings, times as wall-clock ms). Only the UI bridge writes it; the HTTP app only reads it.
 */
import type { ActorRow } from "../runtime/inspection.ts";
import type { LogRecord } from "../log/ring.ts";

/** How far the current price is from one exit rule of a position. */
export interface UiExitDistance {
  /** Exit rule (`take_profit`, `stop_loss`, `trailing_stop`, `max_hold`, ...). */
  rule: string;
  /** Price at which the rule fires, in lamports per token base unit; null for time rules. */
  triggerPrice: number | null;
  /** (trigger - current) / current in percent; null without a current price or for time rules. */
  distancePct: number | null;
  /** Time rules: ms left until the deadline (0 once passed); null for price rules. */
  msLeft: number | null;
}

/** One open position as shown on the page. */
export interface UiPosition {
  mint: string;
  /** Attacker-chosen: escaped on render. */
  name: string;
  symbol: string;
  openedAt: number;
  /** `open`, `opening`, `exiting`, `closing`, `stuck` ... */
  status: string;
  /** Prices are lamports per token base unit (display ratios; money stays in integer lamports). */
  entryPrice: number;
  currentPrice: number | null;
  tokens: string;
  costLamports: string;
  markLamports: string | null;
  pnlLamports: string | null;
  pnlPct: number | null;
  exits: UiExitDistance[];
}

/** One closed trade (position) as shown on the page. */
export interface UiTrade {
  positionId: string;
  mint: string;
  name: string;
  symbol: string;
  openedAt: number;
  closedAt: number | null;
  costLamports: string;
  proceedsLamports: string;
  pnlLamports: string;
  exitReason: string | null;
}

/** One point of the cumulative realised PnL curve. */
export interface PnlPoint {
  at: number;
  cumulativeLamports: string;
}

/** One alert as shown on the page. */
export interface UiAlert {
  id: string;
  rule: string;
  severity: string;
  key: string;
  /** May carry attacker-chosen text (a token symbol): escaped on render. */
  message: string;
  at: number;
}

/** One line of the launch + decision feed. `seq` is the cache's sequence number (gaps = counted drops). */
export interface FeedEntry {
  seq: number;
  kind: "launch" | "decision";
  at: number;
  mint: string;
  name: string;
  symbol: string;
  /** Decisions only. */
  action: "buy" | "skip" | null;
  reason: string | null;
}

/** Health of one endpoint (RPC, websocket, simulator); never a keyed URL. */
export interface EndpointHealth {
  name: string;
  ok: boolean;
  latencyMs: number | null;
  /** Short, redacted reason of the last failure. */
  error: string | null;
  checkedAt: number;
}

/** Counters of what crossed the trading -> UI hand-off, and what the bounded rings dropped. */
export interface UiCounters {
  launches: number;
  decisions: number;
  trades: number;
  alerts: number;
  launchesDropped: number;
  decisionsDropped: number;
  tradesDropped: number;
  alertsDropped: number;
}

/** Header of the page: mode, wallet (public key only), balance, endpoint health, pause flag. */
export interface UiStatus {
  mode: string;
  wallet: string | null;
  balanceLamports: string | null;
  paused: boolean;
  endpoints: EndpointHealth[];
  counters: UiCounters;
  updatedAt: number;
}

/** Everything the status page shows, one key per page section. */
export interface UiState {
  status: UiStatus;
  positions: UiPosition[];
  trades: UiTrade[];
  pnl: PnlPoint[];
  alerts: UiAlert[];
  feed: FeedEntry[];
  actors: ActorRow[];
  logs: LogRecord[];
}

/** A section of the page (also the SSE event name that carries it). */
export type UiSection = keyof UiState;

/** Every section, in page order. */
export const UI_SECTIONS: readonly UiSection[] = ["status", "positions", "trades", "pnl", "alerts", "feed", "actors", "logs"];

/** Bounds of the lists kept in the UiState (oldest dropped first). */
export interface UiBounds {
  trades: number;
  pnlPoints: number;
  alerts: number;
  feed: number;
  logs: number;
}

/** Default bounds: small enough to ship whole on every change. */
export const defaultUiBounds: UiBounds = { trades: 100, pnlPoints: 500, alerts: 100, feed: 200, logs: 200 };

/** The read model holder: the bridge replaces whole sections, readers get the current ones. */
export interface UiStore {
  readonly bounds: UiBounds;
  /** The current state (sections are replaced, never mutated in place, so a read is a consistent view). */
  get(): Readonly<UiState>;
  /** Replaces one section and bumps its version. */
  set<S extends UiSection>(section: S, value: UiState[S]): void;
  /** Version of a section (0 until first set). */
  version(section: UiSection): number;
}

/** An empty UiState for the given mode. */
export function emptyUiState(mode: string, now = 0): UiState {
  return {
    status: {
      mode,
      wallet: null,
      balanceLamports: null,
      paused: false,
      endpoints: [],
      counters: { launches: 0, decisions: 0, trades: 0, alerts: 0, launchesDropped: 0, decisionsDropped: 0, tradesDropped: 0, alertsDropped: 0 },
      updatedAt: now,
    },
    positions: [],
    trades: [],
    pnl: [],
    alerts: [],
    feed: [],
    actors: [],
    logs: [],
  };
}

/** Creates the UiState store; it outlives bridge restarts (the bridge is handed it in its input). */
export function createUiStore(options: { mode: string; bounds?: Partial<UiBounds>; now?: number }): UiStore {
  const bounds: UiBounds = { ...defaultUiBounds, ...options.bounds };
  const state = emptyUiState(options.mode, options.now);
  const versions = new Map<UiSection, number>();
  return {
    bounds,
    get: () => state,
    set(section, value) {
      state[section] = value;
      versions.set(section, (versions.get(section) ?? 0) + 1);
    },
    version: (section) => versions.get(section) ?? 0,
  };
}
