/** A positions manager on an in-memory store, a recording fake executor and a simulated clock. */
import { createActor, SimulatedClock } from "xstate";
import type { Clock } from "../../src/clock.ts";
import { positionsActor, type PositionsPort } from "../../src/actors/positions.actor.ts";
import { createSupervisor, startRootSupervisor, type RootOptions } from "../../src/actors/supervisor.actor.ts";
import { initialCurve, MAINNET_FEES, quoteBuyWithSol } from "../../src/domain/curve.ts";
import { compileExitRules, positionPnlBps, type ExitSettings, type TickReserves } from "../../src/domain/exits/index.ts";
import type { BuyRequest, OrderOutcome, SellRequest } from "../../src/pipeline/orders.ts";
import { PortSlot } from "../../src/pipeline/port-slot.ts";
import { InMemoryPositionStore, sellPolicyDefaults, type ExecutorPort, type PositionRecord, type SellPolicy } from "../../src/positions/index.ts";
import { CREATOR, MINT, trade } from "../domain/filters/fixtures.ts";

export class TestClock extends SimulatedClock implements Clock {
  monotonic(): number {
    return this.now();
  }
}

export const QUOTE = quoteBuyWithSol(initialCurve(), 100_000_000n, MAINNET_FEES);
export const VTOK = initialCurve().virtualTokenReserves - QUOTE.tokens;

export const BUY: BuyRequest = {
  mint: MINT, bondingCurve: "Curve", creator: CREATOR, tokenProgram: "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
  lamports: 100_000_000n, minTokensOut: 1n, launchReceivedAt: 0, launchSignature: "launch-signature-0123456789",
};

export function buyConfirmed(): OrderOutcome {
  return { type: "order.confirmed", intentId: "buy-1", side: "buy", mint: MINT, signature: "b", slot: 1,
    lamports: QUOTE.solAmount, tokens: QUOTE.tokens, feeLamports: QUOTE.fee + QUOTE.creatorFee };
}

export function sellConfirmed(req: SellRequest, lamports = req.minSolOutput): OrderOutcome {
  return { type: "order.confirmed", intentId: `sell-${req.tokens}`, side: "sell", mint: req.mint, signature: "s", slot: 2,
    lamports, tokens: req.tokens, feeLamports: 1_000n, positionId: req.positionId };
}

export function sellFailed(req: SellRequest, retryable = true): OrderOutcome {
  return { type: "order.failed", intentId: "x", side: "sell", mint: req.mint, reason: "slippage", retryable, positionId: req.positionId };
}

/** The executor's outcome when the sell's close of the token account was refused (it held more tokens). */
export function closeRefused(req: SellRequest): OrderOutcome {
  return { type: "order.failed", intentId: "x", side: "sell", mint: req.mint, reason: "token account not empty: close refused", retryable: true, accountNotEmpty: true, positionId: req.positionId };
}

/** Smallest vSol (fixed vTok) where `record`'s PnL >= pnl bps. */
export function reservesAtPnl(record: PositionRecord, pnl: number, settings: Partial<ExitSettings>): TickReserves {
  const rules = compileExitRules(settings);
  let lo = 1n;
  let hi = 10n ** 15n;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (positionPnlBps(record, { virtualSolReserves: mid, virtualTokenReserves: VTOK }, rules) >= BigInt(pnl)) hi = mid;
    else lo = mid + 1n;
  }
  return { virtualSolReserves: lo, virtualTokenReserves: VTOK };
}

/** A trade with these reserves. */
export function tradeAt(r: TickReserves, over: Parameters<typeof trade>[0] = {}, receivedAt = 500) {
  return trade({ virtualSolReserves: r.virtualSolReserves, virtualTokenReserves: r.virtualTokenReserves, ...over }, `t${r.virtualSolReserves}`, receivedAt);
}

export const RULES: Partial<ExitSettings> = {
  takeProfit: [{ atBps: 5_000, sellBps: 5_000 }, { atBps: 10_000, sellBps: 5_000 }],
  stopLossBps: 3_000, trailingStopBps: 0, maxHoldMs: 60_000,
};

export const POLICY: SellPolicy = { ...sellPolicyDefaults, maxRetries: 2, retryDelayMs: 500, executorWaitMs: 100, outcomeTimeoutMs: 10_000 };

/** Everything a test needs; `restart()` stops the manager and starts a new one on the same store. */
export function harness(opts: { rules?: Partial<ExitSettings>; store?: InMemoryPositionStore; bindExecutor?: boolean } = {}) {
  const clock = new TestClock();
  const store = opts.store ?? new InMemoryPositionStore();
  const executor = new PortSlot<ExecutorPort>("executor");
  const sells: SellRequest[] = [];
  const stuck: PositionRecord[] = [];
  const resumed: PositionRecord[] = [];
  const errors: unknown[] = [];
  // The executor as the positions see it: a sell is in flight from its send to its outcome, and a second
  // sell of the position is refused meanwhile; `refusals` makes the next sells refused (nothing sent),
  // `forgetSells()` an executor that lost them.
  const inFlight = new Set<string>();
  const refusals: string[] = [];
  const state = { draining: false };
  const fake: ExecutorPort = {
    sell: (r) => {
      if (state.draining) return { ok: false, reason: "executor draining", unavailable: true };
      if (inFlight.has(r.positionId)) return { ok: false, reason: "a sell of this position is in flight" };
      const refusal = refusals.shift();
      if (refusal !== undefined) return { ok: false, reason: refusal };
      sells.push(r);
      inFlight.add(r.positionId);
      return { ok: true };
    },
    sellInFlight: (positionId) => inFlight.has(positionId),
  };
  let unbind = (): void => {};
  const bindExecutor = (): void => {
    unbind = executor.bind(fake);
  };
  if (opts.bindExecutor !== false) bindExecutor();
  const slot = new PortSlot<PositionsPort>("positions");
  const rules = compileExitRules(opts.rules ?? RULES);
  const startManager = () => {
    const actor = createActor(positionsActor, {
      input: { store, rules, policy: POLICY, executor, clock, scheduler: clock, slot, onStuck: (r: PositionRecord) => void stuck.push(r), onResumed: (r: PositionRecord) => void resumed.push(r) },
    });
    actor.subscribe({ error: (e) => void errors.push(e) });
    actor.start();
    return actor;
  };
  let manager = startManager();
  const h = {
    clock, store, executor, sells, stuck, resumed, errors, slot, bindExecutor, refusals,
    /** The executor goes down (restarting): its slot is empty. */
    unbindExecutor: () => unbind(),
    /** The executor takes no orders (shutdown drain) until `false` again. */
    draining: (on: boolean) => void (state.draining = on),
    /** The executor no longer has any sell in flight (it died before journaling them). */
    forgetSells: () => inFlight.clear(),
    get port(): PositionsPort {
      const p = slot.get();
      if (p === undefined) throw new Error("positions port not bound");
      // An outcome settles the fake executor's sell of that position.
      return { ...p, outcome: (o) => {
        if (o.side === "sell" && o.positionId !== undefined) inFlight.delete(o.positionId);
        return p.outcome(o);
      } };
    },
    get manager() {
      return manager;
    },
    restart() {
      manager.stop();
      manager = startManager();
    },
    record(): PositionRecord {
      return [...store.rows.values()][0]!;
    },
  };
  return h;
}

/** Lets queued microtasks run (restart of a crashed position). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setTimeout(r, 0));
}

/**
 * The positions manager as the bot runs it: a permanent child of a `trading` supervisor (root), on an
 * in-memory store, a fake executor that records sells, and a simulated clock. `inspect` observes the tree.
 */
export function supervisedManager(o: { clock?: TestClock; inspect?: RootOptions["inspect"] } = {}) {
  const clock = o.clock ?? new TestClock();
  const store = new InMemoryPositionStore();
  const sells: SellRequest[] = [];
  const executor = new PortSlot<ExecutorPort>("executor");
  executor.bind({ sell: (r) => (sells.push(r), { ok: true }), sellInFlight: () => false });
  const slot = new PortSlot<PositionsPort>("positions");
  const errors: unknown[] = [];
  const root = startRootSupervisor(
    createSupervisor({
      id: "trading",
      backoff: { initialMs: 100, factor: 2, maxMs: 1_000 },
      children: [{
        id: "positions", logic: positionsActor, restart: "permanent",
        input: { store, rules: compileExitRules(RULES), policy: POLICY, executor, clock, scheduler: clock, slot },
      }],
    }),
    { clock, onError: (e) => errors.push(e), ...(o.inspect ? { inspect: o.inspect } : {}) },
  );
  return { clock, store, sells, slot, errors, root };
}
