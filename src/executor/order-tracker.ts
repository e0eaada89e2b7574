/**
 * The confirmation half of the executor: in-flight orders, their sends (fan-out), status polling and
 * websocket watches, expiry handling with fresh-blockhash retries (only after the previous blockhash
 * expired unlanded), exact fills, and the one outcome per order. The Executor adds the hot path on top.
 */
import { systemClock, type Clock } from "../clock.ts";
import { SniperError, toError } from "../errors.ts";
import type { SignatureStatus } from "../chain/rpc/http-client.ts";
import type { OrderOutcome } from "../pipeline/orders.ts";
import { BlockhashCache } from "./blockhash-cache.ts";
import { signIntent } from "./build.ts";
import { failureReason, fillFromTransaction, type SellRetryCause } from "./fill.ts";
import type { IntentAttempt, OrderFill, OrderIntent } from "./journal.ts";
import { fanOut, rpcSenders, type TxSender } from "./senders.ts";
import { executorDefaults, type ExecutorSettings } from "./settings.ts";
import type { ExecutorDeps, ExecutorEvent } from "./types.ts";

/** One order in flight. */
export interface Order {
  intent: OrderIntent;
  attempt: IntentAttempt;
  /** Clock.monotonic() when the current attempt was sent (the confirm timeout counts from it). */
  startedAt: number;
  settled: boolean;
  /** A status check, fill fetch or retry is running for it. */
  busy: boolean;
  /** False for orders found by reconcile: they wait for expiry but are never re-sent. */
  retryable: boolean;
  unwatch?: () => void;
}

/**
 * `deps` as one object literal with every field, whatever the caller's object looked like: every
 * executor's `deps` then has one shape, so the hot path's reads of it compile to one case (the warm-up's
 * scratch executor and the real one share that code; see buy-rehearsal.ts).
 */
function depsOf(d: ExecutorDeps): ExecutorDeps {
  return {
    signer: d.signer, rpc: d.rpc, journal: d.journal, onOutcome: d.onOutcome, onEvent: d.onEvent, settings: d.settings, senders: d.senders,
    watcher: d.watcher, clock: d.clock, newId: d.newId, sendRehearsal: d.sendRehearsal, scratchJournal: d.scratchJournal,
  };
}

/** A bounded, key-free text of an error. */
export const errText = (e: unknown): string => (e instanceof SniperError ? e.message : toError(e).message).slice(0, 300);

/** See the module comment. */
export abstract class OrderTracker {
  readonly settings: ExecutorSettings;
  readonly blockhash: BlockhashCache;
  readonly senders: TxSender[];
  protected readonly clock: Clock;
  protected readonly orders = new Map<string, Order>();
  protected readonly bySignature = new Map<string, Order>();
  protected readonly sellingPositions = new Set<string>();
  protected readonly drainWaiters = new Set<() => void>();
  protected signal: AbortSignal | undefined;

  protected readonly deps: ExecutorDeps;

  constructor(deps: ExecutorDeps) {
    this.deps = depsOf(deps);
    this.settings = { ...executorDefaults, ...deps.settings };
    this.clock = deps.clock ?? systemClock;
    this.blockhash = new BlockhashCache({
      rpc: deps.rpc,
      clock: this.clock,
      refreshMs: this.settings.blockhashRefreshMs,
      maxAgeMs: this.settings.maxBlockhashAgeMs,
      onError: (e) => this.error("blockhash", e),
    });
    this.senders = deps.senders ?? rpcSenders(deps.rpc);
  }

  protected send(order: Order, base64: string, signature: string): void {
    fanOut(this.senders, { base64, signature }, this.signal).then(
      ({ acceptedBy }) => {
        if (order.settled) return;
        this.safe("journal", () => this.deps.journal.markSent(order.intent.id, signature));
        this.emit({ type: "order.sent", intentId: order.intent.id, signature, attempt: order.intent.attempts.length, acceptedBy });
      },
      (e) => this.onSendFailed(order, signature, e),
    );
  }

  protected onSendFailed(order: Order, signature: string, e: unknown): void {
    if (order.settled || order.attempt.signature !== signature) return;
    // Every sender rejected it outright (nothing accepted, nothing forwarded): it cannot land.
    if (e instanceof SniperError && e.kind === "rejected") {
      const err = e.details.err;
      if (err === "BlockhashNotFound" && order.retryable && order.intent.attempts.length <= this.settings.maxRetries) {
        void this.retry(order);
        return;
      }
      const { reason, retry } = failureReason(err ?? e.message, e.details.logs as string[] | undefined);
      this.fail(order, `rejected: ${reason}`, retry);
      return;
    }
    // Transient: it may still have reached a leader; the confirmation loop decides after expiry.
    this.error("send", e);
  }

  // ---- confirmation -------------------------------------------------------------------------------

  protected watch(order: Order): void {
    const w = this.deps.watcher;
    if (!w || order.settled || this.signal?.aborted) return;
    order.unwatch?.();
    const sig = order.attempt.signature;
    try {
      order.unwatch = w.watch(sig, () => {
        if (!order.settled && order.attempt.signature === sig) void this.checkNow(order);
      });
    } catch (e) {
      this.error("watch", e);
    }
  }

  /** One status check of one order (websocket said something happened). */
  protected async checkNow(order: Order): Promise<void> {
    if (order.busy || order.settled) return;
    try {
      const [st] = await this.deps.rpc.getSignatureStatuses([order.attempt.signature], false, { signal: this.signal });
      await this.handleStatus(order, st ?? null, undefined);
    } catch (e) {
      if (!this.signal?.aborted) this.error("confirm-check", e);
    }
  }

  /** One round of getSignatureStatuses over every in-flight order (public for tests and the actor). */
  async pollOnce(signal?: AbortSignal): Promise<void> {
    const live = [...this.orders.values()].filter((o) => !o.settled && !o.busy);
    if (live.length === 0) return;
    let height: number | undefined;
    const heightNow = async (): Promise<number> => (height ??= await this.deps.rpc.getBlockHeight("confirmed", { signal }));
    for (let i = 0; i < live.length; i += 256) {
      const chunk = live.slice(i, i + 256);
      const statuses = await this.deps.rpc.getSignatureStatuses(chunk.map((o) => o.attempt.signature), false, { signal });
      for (let j = 0; j < chunk.length; j++) await this.handleStatus(chunk[j]!, statuses[j] ?? null, heightNow);
    }
  }

  protected landedEnough(st: SignatureStatus): boolean {
    const level = st.confirmationStatus;
    return this.settings.commitment === "finalized" ? level === "finalized" : level === "confirmed" || level === "finalized";
  }

  protected async handleStatus(order: Order, st: SignatureStatus | null, heightNow: (() => Promise<number>) | undefined): Promise<void> {
    if (order.settled || order.busy) return;
    if (st) {
      if (!this.landedEnough(st)) return;
      order.busy = true;
      try {
        await (st.err === null ? this.settleLanded(order, order.attempt.signature) : this.settleFailedOnChain(order, order.attempt.signature, st.err));
      } finally {
        order.busy = false;
      }
      return;
    }
    // Safety net for a chain that stops advancing: expiry normally decides long before this.
    if (this.clock.monotonic() - order.startedAt > this.settings.confirmTimeoutMs) {
      this.fail(order, `not confirmed within ${this.settings.confirmTimeoutMs} ms of its send`, null, "failed");
      return;
    }
    if (!heightNow) return;
    if ((await heightNow()) <= order.attempt.lastValidBlockHeight) return;
    await this.onExpired(order);
  }

  /** The blockhash of the current attempt expired: make sure it did not land, then retry or give up. */
  protected async onExpired(order: Order): Promise<void> {
    order.busy = true;
    try {
      const sig = order.attempt.signature;
      const [st] = await this.deps.rpc.getSignatureStatuses([sig], true, { signal: this.signal });
      if (st) {
        await (st.err === null ? this.settleLanded(order, sig) : this.settleFailedOnChain(order, sig, st.err));
        return;
      }
      if (order.retryable && order.intent.attempts.length <= this.settings.maxRetries) {
        await this.retry(order);
        return;
      }
      this.fail(order, `expired: no attempt landed (${order.intent.attempts.length} sent)`, null, "expired");
    } finally {
      order.busy = false;
    }
  }

  /** A new attempt with a blockhash newer than the expired one, journaled before its send. */
  protected async retry(order: Order): Promise<void> {
    order.busy = true;
    try {
      const signal = this.signal ?? new AbortController().signal;
      const bh = await this.blockhash.fresherThan(order.attempt.lastValidBlockHeight, signal);
      if (order.settled) return;
      const intent = order.intent;
      const tx = signIntent(this.deps.signer, intent.mint, intent.params, this.settings.feeRecipient, bh.blockhash);
      const attempt: IntentAttempt = { signature: tx.signature, blockhash: bh.blockhash, lastValidBlockHeight: bh.lastValidBlockHeight, at: this.clock.now() };
      this.deps.journal.recordAttempt(intent.id, attempt);
      intent.attempts.push(attempt);
      const previous = order.attempt.signature;
      order.attempt = attempt;
      order.startedAt = this.clock.monotonic();
      this.bySignature.set(tx.signature, order);
      this.emit({ type: "order.retry", intentId: intent.id, previous, signature: tx.signature, attempt: intent.attempts.length });
      this.send(order, tx.base64, tx.signature);
      this.watch(order);
    } catch (e) {
      if (!this.signal?.aborted) this.error("retry", e);
    } finally {
      order.busy = false;
    }
  }

  protected async settleLanded(order: Order, signature: string): Promise<void> {
    const tx = await this.deps.rpc.getTransaction(signature, "confirmed", { signal: this.signal });
    if (order.settled || !tx) return;
    const { mint, params } = order.intent;
    const fill: OrderFill =
      fillFromTransaction(tx, signature, this.deps.signer.address, mint) ??
      // No TradeEvent readable (should not happen: logs and self-CPI both missing): the quote stands in.
      {
        signature,
        slot: tx.slot,
        lamports: params.side === "buy" ? params.lamports : 0n,
        tokens: params.side === "buy" ? params.expectedTokens : params.tokens,
        feeLamports: BigInt(tx.meta?.fee ?? 0),
        fees: { protocol: 0n, creator: 0n, network: BigInt(tx.meta?.fee ?? 0) },
        estimated: true,
      };
    this.confirm(order, fill);
  }

  protected async settleFailedOnChain(order: Order, signature: string, err: unknown): Promise<void> {
    let logs: string[] | null = null;
    try {
      logs = (await this.deps.rpc.getTransaction(signature, "confirmed", { signal: this.signal, retry: false }))?.meta?.logMessages ?? null;
    } catch {
      // The reason is best effort: the error code alone still tells slippage apart.
    }
    const { reason, retry } = failureReason(err, logs);
    this.fail(order, reason, retry);
  }

  // ---- outcomes -----------------------------------------------------------------------------------

  protected confirm(order: Order, fill: OrderFill): void {
    if (order.settled) return;
    const i = order.intent;
    this.safe("journal", () => this.deps.journal.markConfirmed(i.id, fill));
    this.settle(order, {
      type: "order.confirmed", intentId: i.id, side: i.side, mint: i.mint, signature: fill.signature, slot: fill.slot,
      lamports: fill.lamports, tokens: fill.tokens, feeLamports: fill.feeLamports, fees: fill.fees, estimated: fill.estimated === true,
      ...(i.positionId === undefined ? {} : { positionId: i.positionId }),
    });
  }

  protected fail(order: Order, reason: string, retry: SellRetryCause | null, status: "failed" | "expired" = "failed"): void {
    if (order.settled) return;
    const i = order.intent;
    this.safe("journal", () => this.deps.journal.markFailed(i.id, reason, status));
    this.settle(order, {
      type: "order.failed", intentId: i.id, side: i.side, mint: i.mint, reason,
      // A sell may be tried again, whatever failed (slippage, a refused close, expiry, a program error that
      // may not recur): the position bounds its attempts (exits.sell.maxRetries), then it is stuck. A buy
      // never: the launch moment is gone.
      retryable: i.side === "sell",
      ...(i.side === "sell" && retry === "account-not-empty" ? { accountNotEmpty: true } : {}),
      ...(i.positionId === undefined ? {} : { positionId: i.positionId }),
    });
  }

  protected settle(order: Order, outcome: OrderOutcome): void {
    order.settled = true;
    order.unwatch?.();
    order.unwatch = undefined;
    this.orders.delete(order.intent.id);
    for (const a of order.intent.attempts) this.bySignature.delete(a.signature);
    if (order.intent.positionId !== undefined) this.sellingPositions.delete(order.intent.positionId);
    this.safe("outcome", () => this.deps.onOutcome(outcome));
    if (this.orders.size === 0) for (const w of [...this.drainWaiters]) w();
  }


  inFlight(): number {
    return this.orders.size;
  }


  drain(signal: AbortSignal): Promise<boolean> {
    if (this.orders.size === 0) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        this.drainWaiters.delete(onSettled);
        signal.removeEventListener("abort", onAbort);
        resolve(ok);
      };
      const onSettled = (): void => done(true);
      const onAbort = (): void => done(false);
      this.drainWaiters.add(onSettled);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  protected emit(e: ExecutorEvent): void {
    this.safe("event", () => this.deps.onEvent?.(e));
  }

  protected error(where: string, e: unknown): void {
    if (where === "event") return;
    this.emit({ type: "executor.error", where, error: toError(e) });
  }

  protected safe(where: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.error(where, e);
    }
  }
}
