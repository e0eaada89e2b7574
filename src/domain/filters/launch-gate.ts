/**
 * The sniper's decision point. The dev buy is the creator's TradeEvent in the launch transaction: the
 * CreateEvent's reserves are the curve BEFORE it (create and buy are separate instructions), so the
 * filter must see that trade. Both arrive in one logsNotification, which the listener delivers as
 * consecutive synchronous sink calls; the gate holds the launch and decides in a microtask queued
 * behind them (or when the listener calls `flush()` at the end of the notification): no timer, no
 * network round trip. Trades of the same signature on the mint also give the reserves our buy lands on.
 */
import type { Clock } from "../../clock.ts";
import type { BuyRequest } from "../../pipeline/orders.ts";
import type { LaunchDetected, TradeObserved } from "../../pipeline/events.ts";
import { evaluateLaunch, launchCreator } from "./evaluate.ts";
import type { BuyDecision, Decision, DecisionLog, DevBuy, FilterConfig, FilterContext, SkipDecision } from "./types.ts";
import { TextRing } from "../../text-ring.ts";

/** Base58 of a 32-byte mint: at most 44 characters (kept exactly). */
const MINT_WIDTH = 44;

/** Options of createLaunchGate. */
export interface LaunchGateOptions {
  config: FilterConfig;
  /** The long-lived context; the gate sets `devBuy` and `nowMono` before each decision. */
  ctx: FilterContext;
  clock: Clock;
  /** Takes a buy (sends it and opens its position) and returns at once; returns a skip instead when it could not (the decision log then records that skip). */
  onBuy: (request: BuyRequest, decision: BuyDecision, launch: LaunchDetected) => SkipDecision | void;
  decisionLog: DecisionLog;
  /** Runs `fn` after the current synchronous delivery (default queueMicrotask). */
  defer?: (fn: () => void) => void;
  /** Launches held at once at most (bound; when full the oldest is decided at once). Default 64. */
  maxPending?: number;
  /**
   * Mints decided as buys that `ctx.alreadyBought` does not already hold afterwards (refused or skipped
   * before a send; a sent buy is in the journal), remembered so they are not decided again (bound;
   * oldest forgotten first). Default 100 000.
   */
  boughtBound?: number;
}

interface Pending {
  launch: LaunchDetected;
  creator: string;
  dev: DevBuy | null;
}

/** What the listener's sink calls. */
export interface LaunchGate {
  launch(e: LaunchDetected): void;
  /** Feeds a trade; returns true when it belonged to a held launch's transaction. */
  trade(e: TradeObserved): boolean;
  /** Decides every held launch now (end of a notification, shutdown). */
  flush(): void;
  /** Mints this gate decided to buy that the base `alreadyBought` did not hold (also consulted as `already_bought`). */
  boughtThisRun(mint: string): boolean;
  /**
   * Decides `launch` (with `devBuy`, a trade of its transaction: same signature and mint, fed through
   * `trade` as a real one is) exactly as a flush would, and only
   * returns the decision: no buy, no decision record, no launch-rate slot, nothing held. The warm-up's
   * rehearsal of the launch path (listener/launch-rehearsal.ts).
   */
  rehearse(launch: LaunchDetected, devBuy: TradeObserved | null): Decision;
}

/** The dev buy after `t`, a trade of the launch's transaction (`creator`'s buys count toward it). */
function devBuyWith(prev: DevBuy | null, t: TradeObserved["event"], creator: string): DevBuy {
  const isDev = t.isBuy && t.user === creator;
  return {
    lamports: (prev?.lamports ?? 0n) + (isDev ? t.solAmount : 0n),
    tokens: (prev?.tokens ?? 0n) + (isDev ? t.tokenAmount : 0n),
    virtualSolReserves: t.virtualSolReserves,
    virtualTokenReserves: t.virtualTokenReserves,
    realTokenReserves: t.realTokenReserves,
  };
}

/** Builds the gate around evaluateLaunch. */
export function createLaunchGate(options: LaunchGateOptions): LaunchGate {
  const { config, ctx, clock, onBuy, decisionLog } = options;
  const defer = options.defer ?? queueMicrotask;
  const maxPending = options.maxPending ?? 64;
  const boughtBound = options.boughtBound ?? 100_000;
  const pending = new Map<string, Pending>();
  // Typed arrays (text-ring.ts): never scanned by the collector; grows up to the bound.
  const bought = new TextRing(boughtBound, MINT_WIDTH, 256);
  let scheduled = false;
  const baseAlreadyBought = ctx.alreadyBought.bind(ctx);
  ctx.alreadyBought = (mint) => bought.has(mint) || baseAlreadyBought(mint);

  /** evaluateLaunch with the context's per-launch fields set for it. */
  const evaluate = (launch: LaunchDetected, dev: DevBuy | null, now: number): Decision => {
    ctx.nowMono = now;
    ctx.devBuy = dev;
    try {
      return evaluateLaunch(launch, ctx, config);
    } finally {
      ctx.devBuy = null;
    }
  };

  const decide = (p: Pending): void => {
    const t0 = clock.monotonic();
    let decision = evaluate(p.launch, p.dev, t0);
    const decideMs = clock.monotonic() - t0;
    if (decision.action === "buy") {
      ctx.launchRate.record?.(t0);
      const mint = p.launch.event.mint;
      try {
        decision = onBuy(decision.request, decision, p.launch) ?? decision;
      } finally {
        // A sent buy is in the journal (the base check) before onBuy returns; the ring keeps the rest.
        if (!baseAlreadyBought(mint)) bought.add(mint);
      }
    }
    decisionLog.recordDecision({
      mint: p.launch.event.mint,
      signature: p.launch.signature,
      creator: p.creator,
      at: clock.now(),
      decideMs,
      devBuyLamports: p.dev?.lamports ?? 0n,
      decision,
    });
  };

  const flush = (): void => {
    scheduled = false;
    for (const [sig, p] of pending) {
      pending.delete(sig);
      decide(p);
    }
  };

  /** Feeds a trade to the launch of its transaction, if one is held (see LaunchGate.trade). */
  const trade = (e: TradeObserved): boolean => {
    const p = pending.get(e.signature);
    if (p === undefined || e.event.mint !== p.launch.event.mint) return false;
    p.dev = devBuyWith(p.dev, e.event, p.creator);
    return true;
  };

  return {
    launch(e) {
      if (pending.size >= maxPending) {
        const [sig, oldest] = pending.entries().next().value!;
        pending.delete(sig);
        decide(oldest);
      }
      pending.set(e.signature, { launch: e, creator: launchCreator(e), dev: null });
      if (!scheduled) {
        scheduled = true;
        defer(flush);
      }
    },
    trade,
    flush,
    boughtThisRun: (mint) => bought.has(mint),
    rehearse(launch, devBuy) {
      const p: Pending = { launch, creator: launchCreator(launch), dev: null };
      // The dev buy goes through trade() itself, its launch held for that call only: a launch's dev buy
      // is the one trade that takes trade()'s match branch, so without it the compiled trade(), made from
      // background trades, fell out of its code at each launch's dev buy until recompiled. A held launch
      // is never touched (a rehearsal signature is random: this is a guard, not a case).
      if (devBuy !== null && !pending.has(launch.signature)) {
        pending.set(launch.signature, p);
        try {
          trade(devBuy);
        } finally {
          pending.delete(launch.signature);
        }
      }
      return evaluate(launch, p.dev, clock.monotonic());
    },
  };
}
