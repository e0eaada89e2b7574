/**
 * Paper mode's executor: the same service face as the real one, but nothing is signed or sent. A buy
 * fills at the launch's curve, a sell at the latest curve the listener saw for the mint, with the exact
 * curve math and fees of the program (so paper PnL is what the chain would have paid), after a
 * simulated confirmation delay. Intents are journaled like real ones: a mint is never bought twice.
 */
import { BoundedMap } from "../bounded-map.ts";
import type { Clock } from "../clock.ts";
import { MAINNET_FEES, quoteBuyWithSol, sellSolForTokens, type CurveReserves, type FeeRates } from "../domain/curve.ts";
import type { TradeObserved } from "../pipeline/events.ts";
import type { BuyRequest, OrderOutcome, SellRequest } from "../pipeline/orders.ts";
import type { IntentJournal, OrderFill } from "./journal.ts";
import { networkFee } from "./fill.ts";
import type { ExecutorService, SubmitResult } from "./types.ts";

/**
 * A refusal: nothing is journaled and no outcome follows, as with the real executor's refusals (the
 * caller counts it: the launch step as a failed buy, a position as a failed sell attempt).
 */
const refused = (reason: string): SubmitResult => ({ ok: false, reason });

/** What the paper executor needs. */
export interface PaperExecutorDeps {
  journal: IntentJournal;
  onOutcome: (outcome: OrderOutcome) => void;
  clock: Clock;
  /** Simulated time from send to confirmation (default 400 ms, one slot). */
  confirmDelayMs?: number;
  fees?: FeeRates;
  computeUnitLimit?: number;
  microLamportsPerCu?: bigint;
  newId?: () => string;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/** Latest curve per mint, kept for the mints we hold (bounded by what we trade). */
type Reserves = Pick<CurveReserves, "virtualSolReserves" | "virtualTokenReserves" | "realTokenReserves">;

/** The paper executor (see the file comment). */
export class PaperExecutor implements ExecutorService {
  // Every mint's latest curve (a held mint is re-set by each of its trades): bounded, oldest first out.
  private readonly reserves = new BoundedMap<string, Reserves>(65_536);
  private readonly pending = new Set<string>();
  /** Positions with a sell filled on paper but not yet confirmed. */
  private readonly sellingPositions = new Set<string>();
  private readonly waiters = new Set<() => void>();

  constructor(private readonly deps: PaperExecutorDeps) {}

  buy(req: BuyRequest, reserves?: CurveReserves): SubmitResult {
    if (this.deps.journal.hasBuyIntent(req.mint)) return { ok: false, reason: "mint already bought" };
    // The latest curve the listener saw (after the dev buy of the launch transaction) is the market price.
    const curve = this.reserves.get(req.mint) ?? reserves;
    if (curve === undefined) return { ok: false, reason: "no curve known for this mint" };
    const fees = this.deps.fees ?? MAINNET_FEES;
    const quote = quoteBuyWithSol(curve as CurveReserves, req.lamports, fees);
    if (quote.tokens < req.minTokensOut) return refused(`slippage (would get ${quote.tokens} < ${req.minTokensOut})`);
    return this.fill("buy", req.mint, req.positionId, { lamports: quote.solAmount, tokens: quote.tokens, protocol: quote.fee, creator: quote.creatorFee }, {
      side: "buy", lamports: req.lamports, minTokensOut: req.minTokensOut, expectedTokens: quote.tokens, bondingCurve: req.bondingCurve,
      creator: req.creator, tokenProgram: req.tokenProgram, launchSignature: req.launchSignature,
    });
  }

  sell(req: SellRequest): SubmitResult {
    const curve = this.reserves.get(req.mint);
    if (curve === undefined) return refused("no price seen for this mint yet");
    const quote = sellSolForTokens(curve as CurveReserves, req.tokens, this.deps.fees ?? MAINNET_FEES);
    if (quote.net < req.minSolOutput) return refused(`slippage (would get ${quote.net} < ${req.minSolOutput})`);
    return this.fill("sell", req.mint, req.positionId, { lamports: quote.solAmount, tokens: req.tokens, protocol: quote.fee, creator: quote.creatorFee }, {
      side: "sell", tokens: req.tokens, minSolOutput: req.minSolOutput, bondingCurve: req.bondingCurve, creator: req.creator,
      tokenProgram: req.tokenProgram, reason: req.reason,
    });
  }

  /** Every trade the listener sees: the latest curve of each mint (paper fills need the market price). */
  observeOwnTrade(e: TradeObserved): void {
    this.reserves.set(e.event.mint, e.event);
  }

  onSlot(): void {}

  sellInFlight(positionId: string): boolean {
    return this.sellingPositions.has(positionId);
  }

  inFlight(): number {
    return this.pending.size;
  }

  async drain(signal: AbortSignal): Promise<boolean> {
    while (this.pending.size > 0) {
      if (signal.aborted) return false;
      await new Promise<void>((resolve) => {
        this.waiters.add(resolve);
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    return true;
  }

  private fill(
    side: "buy" | "sell",
    mint: string,
    positionId: string | undefined,
    amounts: { lamports: bigint; tokens: bigint; protocol: bigint; creator: bigint },
    params: Record<string, unknown>,
  ): SubmitResult {
    const id = this.deps.newId?.() ?? crypto.randomUUID();
    const signature = `paper-${id}`;
    const limit = this.deps.computeUnitLimit ?? 120_000;
    const price = this.deps.microLamportsPerCu ?? 0n;
    const network = networkFee(limit, price);
    const now = this.deps.clock.now();
    this.deps.journal.recordIntent({
      id, side, mint, createdAt: now, status: "pending",
      ...(positionId === undefined ? {} : { positionId }),
      params: { ...params, microLamportsPerCu: price, computeUnitLimit: limit } as never,
      attempts: [{ signature, blockhash: "paper", lastValidBlockHeight: 0, at: now }],
    });
    this.deps.journal.markSent(id, signature);
    this.pending.add(id);
    const selling = side === "sell" && positionId !== undefined ? positionId : undefined;
    if (selling !== undefined) this.sellingPositions.add(selling);
    const fill: OrderFill = {
      signature, slot: 0, lamports: amounts.lamports, tokens: amounts.tokens,
      feeLamports: amounts.protocol + amounts.creator + network,
      fees: { protocol: amounts.protocol, creator: amounts.creator, network },
    };
    const settle = (): void => {
      this.deps.journal.markConfirmed(id, fill);
      this.pending.delete(id);
      if (selling !== undefined) this.sellingPositions.delete(selling);
      this.deps.onOutcome({
        type: "order.confirmed", intentId: id, side, mint, signature, slot: 0, lamports: fill.lamports, tokens: fill.tokens,
        feeLamports: fill.feeLamports, fees: fill.fees, ...(positionId === undefined ? {} : { positionId }),
      });
      for (const w of this.waiters) w();
      this.waiters.clear();
    };
    (this.deps.setTimer ?? setTimeout)(settle, this.deps.confirmDelayMs ?? 400);
    return { ok: true, intentId: id, signature };
  }
}
