/**
 * The recent blockhash, fetched in the background (every `refreshMs`, and early when told a new slot
 * arrived) so the buy path never fetches one. `current()` refuses a blockhash older than `maxAgeMs`:
 * the caller refuses the order with a reason instead of waiting.
 */
import type { Clock } from "../clock.ts";
import type { HttpRpcClient, LatestBlockhash } from "../chain/rpc/http-client.ts";

/** A cached blockhash and when it was fetched (Clock.monotonic()). */
export interface CachedBlockhash extends LatestBlockhash {
  fetchedAt: number;
}

/** Options of {@link BlockhashCache}. */
export interface BlockhashCacheOptions {
  rpc: Pick<HttpRpcClient, "getLatestBlockhash">;
  clock: Clock;
  /** Background refresh period (default 400 ms). */
  refreshMs?: number;
  /** Older than this, `current()` returns undefined (default 10 s; a blockhash lives ~60 s). */
  maxAgeMs?: number;
  /** Per-fetch timeout (default 2 s). */
  timeoutMs?: number;
  /** Called when a background refresh fails (the cache keeps its last value). */
  onError?: (error: unknown) => void;
}

/** Background-refreshed blockhash. */
export class BlockhashCache {
  private value: CachedBlockhash | undefined;
  private inflight: Promise<CachedBlockhash> | undefined;
  readonly refreshMs: number;
  readonly maxAgeMs: number;
  /** Consecutive failed refreshes (reset by a success). */
  failures = 0;

  constructor(private readonly o: BlockhashCacheOptions) {
    this.refreshMs = o.refreshMs ?? 400;
    this.maxAgeMs = o.maxAgeMs ?? 10_000;
  }

  /** The cached blockhash if fresh enough, else undefined. Never does I/O. */
  current(): CachedBlockhash | undefined {
    const v = this.value;
    return v && this.o.clock.monotonic() - v.fetchedAt <= this.maxAgeMs ? v : undefined;
  }

  /** Sets the cached blockhash as if fetched now (the warm-up's scratch executor, which never fetches). */
  seed(b: Omit<CachedBlockhash, "fetchedAt">): void {
    this.value = { ...b, fetchedAt: this.o.clock.monotonic() };
  }

  /** The cached value regardless of age (status, tests). */
  peek(): CachedBlockhash | undefined {
    return this.value;
  }

  /** Fetches now (one fetch at a time: concurrent callers share it). */
  refresh(signal?: AbortSignal): Promise<CachedBlockhash> {
    this.inflight ??= this.o.rpc
      .getLatestBlockhash("confirmed", { signal, timeoutMs: this.o.timeoutMs ?? 2_000, retry: { maxAttempts: 2 } })
      .then((r) => {
        const v = { ...r, fetchedAt: this.o.clock.monotonic() };
        // An answer from a lagging endpoint must not replace a newer blockhash.
        if (!this.value || v.lastValidBlockHeight >= this.value.lastValidBlockHeight) this.value = v;
        this.failures = 0;
        return this.value;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  /** A blockhash newer than `than` (for a retry after expiry): refreshes until one arrives or `signal` aborts. */
  async fresherThan(than: number, signal: AbortSignal): Promise<CachedBlockhash> {
    for (;;) {
      const v = this.current();
      if (v && v.lastValidBlockHeight > than) return v;
      await this.refresh(signal);
      const w = this.current();
      if (w && w.lastValidBlockHeight > than) return w;
      await Bun.sleep(Math.min(this.refreshMs, 100));
      if (signal.aborted) throw signal.reason;
    }
  }

  /** Starts the background refresh; stops when `signal` aborts. Resolves after the first fetch attempt. */
  start(signal: AbortSignal): Promise<void> {
    const tick = (): void => {
      if (signal.aborted) return;
      this.refresh(signal).catch((e) => {
        if (signal.aborted) return;
        this.failures++;
        this.o.onError?.(e);
      });
    };
    const timer = setInterval(tick, this.refreshMs);
    signal.addEventListener("abort", () => clearInterval(timer), { once: true });
    return this.refresh(signal).then(
      () => undefined,
      (e) => {
        if (!signal.aborted) this.o.onError?.(e);
      },
    );
  }

  /** A new slot was seen (e.g. from the listener): refresh early if the cached value is from an older slot. */
  onSlot(slot: number): void {
    if (this.value && slot > this.value.slot && !this.inflight) this.refresh().catch((e) => this.o.onError?.(e));
  }
}
