/**
 * The executor: turns buy / sell requests into signed transactions on the wire with no RPC round trip
 * (blockhash and priority fee come from background caches, PDAs from the codec's caches), journals
 * every intent and attempt before its send, fans the send out, confirms in the background (websocket
 * signal when available, getSignatureStatuses polling always), retries with a fresh blockhash only
 * after the previous one expired unlanded, and reports each order's outcome exactly once.
 */
import { initialCurve, buyTokensForSol, type CurveReserves } from "../domain/curve.ts";
import type { TradeObserved } from "../pipeline/events.ts";
import type { BuyRequest, SellRequest } from "../pipeline/orders.ts";
import { signIntent } from "./build.ts";
import { fillFromTradeEvent, networkFee } from "./fill.ts";
import { createHotPathWarmer, isBuyPass, startHotPathWarmer, type HotPathWarmer } from "./hot-path-warmer.ts";
import { newIntent, type IntentAttempt, type IntentJournal, type IntentParams, type OrderIntent } from "./journal.ts";
import { errText, OrderTracker, type Order } from "./order-tracker.ts";
import { PriorityFee } from "./priority-fee.ts";
import type { SendRehearsal } from "./send-rehearsal.ts";
import type { OutgoingTx, TxSender } from "./senders.ts";
import { createBuyRehearsal, refusingRpc, type BuyRehearsal, type ScratchExecutor } from "./buy-rehearsal.ts";
import { encodeBase58Key } from "../chain/base58.ts";
import { createSigner } from "../chain/signer.ts";
import { protectSigner } from "../wallet/protect.ts";
import type { ExecutorDeps, ExecutorService, SubmitResult } from "./types.ts";

export type { ExecutorDeps, ExecutorEvent, ExecutorService, SubmitResult } from "./types.ts";

/** Creates an executor; call `start(signal)` then `reconcile(signal)` before it accepts orders. */
export function createExecutor(deps: ExecutorDeps): Executor {
  return new Executor(deps);
}

/** See the module comment. */
export class Executor extends OrderTracker implements ExecutorService {
  readonly priorityFee: PriorityFee;
  /** Keeps the snipe path compiled and in the CPU caches between launches; null (never built) when settings.warmIntervalMs is 0. */
  readonly warmer: HotPathWarmer | null;
  /** Where the warm-up posts its throwaway transactions while the executor runs (deps.sendRehearsal); undefined otherwise. */
  sendRehearsal: SendRehearsal | undefined;
  /** The warm-up's rehearsed buys while the executor runs (deps.scratchJournal with the send rehearsal); undefined otherwise. */
  buyRehearsal: BuyRehearsal | undefined;
  /** The warm-up pass whose buy was rehearsed last (-1: none yet). */
  private rehearsedAtPass = -1;
  private ready = false;
  private draining = false;

  constructor(deps: ExecutorDeps) {
    super(deps);
    this.priorityFee = new PriorityFee(this.settings.priorityFee, deps.rpc);
    const s = this.settings;
    const posts = { send: (tx: OutgoingTx) => this.sendRehearsal?.send(tx), buy: (req: BuyRequest, reserves: CurveReserves) => this.rehearseBuy(req, reserves) };
    const rehearse = s.rehearseLaunchPath ? { journal: deps.journal, ...(deps.sendRehearsal ? posts : {}) } : {};
    this.warmer = s.warmIntervalMs > 0 ? createHotPathWarmer({ ...rehearse, now: () => this.clock.now() }) : null;
  }

  /** True once reconcile() finished: buys and sells are accepted. */
  get accepting(): boolean {
    return this.ready;
  }

  /** Starts the background work (blockhash, priority fee, confirmation polling) until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    this.priorityFee.start(signal, (e) => this.error("priority-fee", e));
    const poll = async (): Promise<void> => {
      if (signal.aborted) return;
      try {
        await this.pollOnce(signal);
      } catch (e) {
        if (!signal.aborted) this.error("confirm-poll", e);
      }
      if (!signal.aborted) timer = setTimeout(poll, this.settings.confirmPollMs);
    };
    let timer = setTimeout(poll, this.settings.confirmPollMs);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      for (const o of this.orders.values()) {
        o.unwatch?.();
        o.unwatch = undefined;
      }
    }, { once: true });
    if (this.warmer !== null) {
      this.startSendRehearsal(signal);
      this.startBuyRehearsal(signal);
      startHotPathWarmer(this.warmer, this.settings.warmIntervalMs, signal, (e) => this.error("warm-up", e));
    }
    // Orders carried over from a previous start (actor restart) get their websocket watch back.
    for (const o of this.orders.values()) if (!o.settled) this.watch(o);
    await this.blockhash.start(signal);
  }

  /** The warm-up's sink and sender for this start (closed when `signal` aborts); its first failed post is reported. */
  private startSendRehearsal(signal: AbortSignal): void {
    if (this.deps.sendRehearsal === undefined || !this.settings.rehearseLaunchPath) return;
    const r = this.deps.sendRehearsal(signal, (e) => this.error("warm-up send", e));
    this.sendRehearsal = r;
    signal.addEventListener("abort", () => {
      r.close();
      if (this.sendRehearsal === r) this.sendRehearsal = undefined;
    }, { once: true });
  }

  /** The warm-up's rehearsed buys for this start, over the send rehearsal's sender (closed when `signal` aborts). */
  private startBuyRehearsal(signal: AbortSignal): void {
    const r = this.sendRehearsal;
    const scratch = this.deps.scratchJournal;
    if (r === undefined || scratch === undefined) return;
    try {
      const b: BuyRehearsal = createBuyRehearsal({
        journals: scratch(),
        executorFor: (journal) => this.scratchExecutor(journal, r.senders, signal, (e) => b.failed(e)),
        onFirstFailure: (e) => this.error("warm-up buy", e),
      });
      this.buyRehearsal = b;
      signal.addEventListener("abort", () => {
        b.close();
        if (this.buyRehearsal === b) this.buyRehearsal = undefined;
      }, { once: true });
    } catch (e) {
      this.error("warm-up buy", e);
    }
  }

  /** True while the warm-up's current pass is due a rehearsed buy (isBuyPass) that has not run yet. */
  get buyRehearsalDue(): boolean {
    const pass = this.buyPass();
    return pass >= 0 && this.rehearsedAtPass !== pass;
  }

  /** The warm-up's current pass when a rehearsal runs and the pass is one for a rehearsed buy (isBuyPass); else -1. */
  private buyPass(): number {
    const w = this.warmer;
    return this.buyRehearsal !== undefined && w !== null && isBuyPass(w.passes) ? w.passes : -1;
  }

  /**
   * Rehearses a buy of `req` through the scratch executor when the current pass is due one (see
   * buyRehearsalDue). The bot's launch step calls it with the launch gate's own request, so the rehearsal
   * gives the executor the real buy's object shapes; the warm-up's pass then calls it with a request of its
   * own, which runs only when the step did not (the filters skipped the rehearsal launch). True when this
   * pass's buy was rehearsed, now or earlier in the pass.
   */
  rehearseBuy(req: BuyRequest, reserves: CurveReserves | undefined): boolean {
    const pass = this.buyPass();
    const b = this.buyRehearsal;
    if (pass < 0 || b === undefined) return false;
    if (this.rehearsedAtPass !== pass) {
      this.rehearsedAtPass = pass;
      b.buy(req, reserves);
    }
    return true;
  }

  /**
   * A second executor of this class over `journal`, accepting orders at once, for the rehearsed buys (see
   * buy-rehearsal.ts): a throwaway key, the RPC that refuses every call, `senders` (the send rehearsal's),
   * this executor's settings and clock, a made-up blockhash, no warm-up of its own; its errors go to `onError`.
   */
  private scratchExecutor(journal: IntentJournal, senders: readonly TxSender[], signal: AbortSignal, onError: (e: Error) => void): ScratchExecutor {
    const random = (): Uint8Array => crypto.getRandomValues(new Uint8Array(32));
    const x = new Executor({
      // Wrapped as the wallet is: one sign target for the builder (see protectSigner).
      signer: protectSigner(createSigner(random())),
      rpc: refusingRpc,
      journal,
      onOutcome: () => {},
      onEvent: (e) => {
        if (e.type === "executor.error") onError(e.error);
      },
      settings: { ...this.settings, warmIntervalMs: 0, rehearseLaunchPath: false },
      senders: [...senders],
      clock: this.clock,
    });
    x.signal = signal;
    x.ready = true;
    const blockhash = { blockhash: encodeBase58Key(random()), lastValidBlockHeight: 1, slot: 1 };
    return {
      buy(req, reserves) {
        x.blockhash.seed(blockhash);
        return x.buy(req, reserves);
      },
      abandonAll: (reason) => x.abandonAll(reason),
    };
  }

  // ---- the hot path -------------------------------------------------------------------------------

  buy(req: BuyRequest, reserves: CurveReserves = initialCurve()): SubmitResult {
    if (!this.ready) return { ok: false, reason: this.notReady(), unavailable: true };
    if (req.lamports <= 0n) return { ok: false, reason: "buy lamports must be positive" };
    // The journal is the one record of mints bought: recordIntent adds the mint before the send, in this turn.
    if (this.deps.journal.hasBuyIntent(req.mint)) return { ok: false, reason: "mint already bought" };
    const bh = this.blockhash.current();
    if (!bh) return { ok: false, reason: "blockhash stale" };
    const s = this.settings;
    const params: IntentParams = {
      side: "buy",
      lamports: req.lamports,
      minTokensOut: req.minTokensOut,
      expectedTokens: buyTokensForSol(reserves, req.lamports, s.fees),
      microLamportsPerCu: this.priorityFee.current(),
      computeUnitLimit: s.computeUnitLimit,
      bondingCurve: req.bondingCurve,
      creator: req.creator,
      tokenProgram: req.tokenProgram,
      launchSignature: req.launchSignature,
    };
    // Nothing was sent (signing or the journal failed): no intent, so the mint may be tried again.
    return this.submit(req.mint, params, req.positionId, bh.blockhash, bh.lastValidBlockHeight);
  }

  sell(req: SellRequest): SubmitResult {
    if (!this.ready) return { ok: false, reason: this.notReady(), unavailable: true };
    if (req.tokens <= 0n) return { ok: false, reason: "sell tokens must be positive" };
    if (this.sellingPositions.has(req.positionId)) return { ok: false, reason: "a sell of this position is in flight" };
    const bh = this.blockhash.current();
    if (!bh) return { ok: false, reason: "blockhash stale" };
    const s = this.settings;
    const params: IntentParams = {
      side: "sell",
      tokens: req.tokens,
      minSolOutput: req.minSolOutput,
      microLamportsPerCu: this.priorityFee.current(),
      computeUnitLimit: s.computeUnitLimit,
      bondingCurve: req.bondingCurve,
      creator: req.creator,
      tokenProgram: req.tokenProgram,
      reason: req.reason,
      closeAccount: req.closeAccount,
    };
    const res = this.submit(req.mint, params, req.positionId, bh.blockhash, bh.lastValidBlockHeight);
    if (res.ok) this.sellingPositions.add(req.positionId);
    return res;
  }

  sellInFlight(positionId: string): boolean {
    return this.sellingPositions.has(positionId);
  }

  private submit(mint: string, params: IntentParams, positionId: string | undefined, blockhash: string, lvbh: number): SubmitResult {
    let intent: OrderIntent;
    try {
      const tx = signIntent(this.deps.signer, mint, params, this.settings.feeRecipient, blockhash);
      const attempt: IntentAttempt = { signature: tx.signature, blockhash, lastValidBlockHeight: lvbh, at: this.clock.now() };
      intent = newIntent(this.deps.newId?.() ?? crypto.randomUUID(), mint, params, positionId, attempt);
      // Durable before the send: a crash after this line is found by reconcile().
      this.deps.journal.recordIntent(intent);
      const order: Order = { intent, attempt, startedAt: this.clock.monotonic(), settled: false, busy: false, retryable: true };
      this.orders.set(intent.id, order);
      this.bySignature.set(tx.signature, order);
      this.send(order, tx.base64, tx.signature);
      // The confirmation watch is set up right after this turn (the send goes first; nothing can be
      // observed before the next I/O event anyway).
      queueMicrotask(() => this.watch(order));
      return { ok: true, intentId: intent.id, signature: tx.signature };
    } catch (e) {
      this.error("submit", e);
      return { ok: false, reason: `not sent: ${errText(e)}` };
    }
  }

  /** A TradeEvent from the listener; fills the matching in-flight order first if it gets there first. */
  observeOwnTrade(e: TradeObserved): void {
    const order = this.bySignature.get(e.signature);
    if (!order || order.settled || e.event.user !== this.deps.signer.address || e.event.mint !== order.intent.mint) return;
    const p = order.intent.params;
    this.confirm(order, fillFromTradeEvent(e.event, e.signature, e.slot, networkFee(p.computeUnitLimit, p.microLamportsPerCu)));
  }

  // ---- crash reconciliation -----------------------------------------------------------------------

  /**
   * Before accepting orders: every pending intent of the journal is checked against the chain (all its
   * signatures, searchTransactionHistory). Landed: its fill is read and order.confirmed emitted. Not
   * landed and expired: marked expired (the mint stays bought: never re-bought). Not landed and still
   * valid: watched until it lands or expires (never re-sent).
   */
  async reconcile(signal?: AbortSignal): Promise<{ confirmed: number; failed: number; waiting: number }> {
    const counts = { confirmed: 0, failed: 0, waiting: 0 };
    const pending = this.deps.journal.pendingIntents();
    let height: number | undefined;
    for (const intent of pending) {
      // Already tracked (a restarted actor reconciles again): the live order keeps going.
      if (this.orders.has(intent.id)) continue;
      const sigs = intent.attempts.map((a) => a.signature);
      const statuses = await this.deps.rpc.getSignatureStatuses(sigs, true, { signal });
      const last = intent.attempts[intent.attempts.length - 1]!;
      const order: Order = { intent, attempt: last, startedAt: this.clock.monotonic(), settled: false, busy: false, retryable: false };
      const hit = statuses.findIndex((s) => s !== null);
      if (hit >= 0) {
        const st = statuses[hit]!;
        order.attempt = intent.attempts[hit]!;
        this.orders.set(intent.id, order);
        await (st.err === null ? this.settleLanded(order, sigs[hit]!) : this.settleFailedOnChain(order, sigs[hit]!, st.err));
        if (order.settled) {
          if (st.err === null) counts.confirmed++;
          else counts.failed++;
          continue;
        }
      }
      height ??= await this.deps.rpc.getBlockHeight("confirmed", { signal });
      if (!order.settled && hit < 0 && height > last.lastValidBlockHeight) {
        this.orders.set(intent.id, order);
        this.fail(order, "expired before a restart: no attempt landed", null, "expired");
        counts.failed++;
        continue;
      }
      this.orders.set(intent.id, order);
      for (const a of intent.attempts) this.bySignature.set(a.signature, order);
      if (intent.positionId !== undefined) this.sellingPositions.add(intent.positionId);
      this.watch(order);
      counts.waiting++;
    }
    if (!this.draining) this.ready = true;
    return counts;
  }

  /**
   * Settles every order in flight as failed with `reason`, without waiting for the chain: only for
   * orders that cannot land or do not matter (the warm-up's scratch executor drops its rehearsed buys so).
   * Returns how many it settled.
   */
  abandonAll(reason: string): number {
    let n = 0;
    for (const o of [...this.orders.values()]) {
      if (o.settled) continue;
      this.fail(o, reason, null);
      n++;
    }
    return n;
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  onSlot(slot: number): void {
    this.blockhash.onSlot(slot);
  }


  /** Stops accepting new orders for good (shutdown drain). */
  stopAccepting(): void {
    this.ready = false;
    this.draining = true;
  }

  private notReady(): string {
    return this.draining ? "executor draining" : "executor not ready (reconciling)";
  }
}
