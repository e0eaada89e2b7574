/**
 * Backfill building blocks: list the signatures of a program newer than an anchor (bounded pages), and
 * fetch items with bounded concurrency while handing results over strictly in order.
 */
import type { ListenerRpc, SignatureInfo } from "./rpc.ts";

/** The newest transaction seen before a gap: where listing stops. */
export interface Anchor {
  signature: string;
  slot: number;
}

/** Bounds of one backfill. */
export interface BackfillBounds {
  /** Signatures per getSignaturesForAddress page (the node caps it at 1000). */
  pageLimit: number;
  /** Pages at most; past them the gap is reported incomplete. */
  maxPages: number;
  /** getTransaction calls in flight at most. */
  concurrency: number;
  /** Timeout of each RPC call. */
  timeoutMs: number;
}

/** A timeout signal tied to the caller's. */
export function callSignal(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}

/**
 * Signatures of `address` newer than `anchor`, oldest first. Pages backwards with `before` until the
 * anchor (`until`), an entry older than the anchor's slot (the anchor may never have been confirmed), an
 * empty page, or `maxPages`. `complete` is false when the page bound cut the listing.
 */
export async function listGap(
  rpc: ListenerRpc,
  address: string,
  anchor: Anchor,
  bounds: BackfillBounds,
  signal: AbortSignal,
): Promise<{ entries: SignatureInfo[]; complete: boolean }> {
  const newestFirst: SignatureInfo[] = [];
  let before: string | undefined;
  for (let page = 0; page < bounds.maxPages; page++) {
    const opts = { ...(anchor.signature === "" ? {} : { until: anchor.signature }), limit: bounds.pageLimit, commitment: "confirmed" as const, ...(before ? { before } : {}) };
    const list = await rpc.getSignaturesForAddress(address, opts, callSignal(signal, bounds.timeoutMs));
    if (list.length === 0) return { entries: newestFirst.reverse(), complete: true };
    for (const entry of list) {
      if ((anchor.signature !== "" && entry.signature === anchor.signature) || entry.slot < anchor.slot) return { entries: newestFirst.reverse(), complete: true };
      newestFirst.push(entry);
    }
    before = list[list.length - 1]!.signature;
  }
  return { entries: newestFirst.reverse(), complete: false };
}

/**
 * Runs `fetch` over `items` with at most `concurrency` in flight and calls `deliver` for each item in the
 * original order as soon as it and all before it are done (a failed fetch delivers its Error).
 */
export async function fetchInOrder<T, R>(
  items: readonly T[],
  concurrency: number,
  fetch: (item: T) => Promise<R>,
  deliver: (item: T, result: R | Error) => void,
): Promise<void> {
  const results = new Array<{ value: R | Error } | undefined>(items.length);
  let next = 0;
  let delivered = 0;
  const flush = (): void => {
    while (delivered < items.length && results[delivered] !== undefined) {
      const r = results[delivered]!;
      results[delivered] = undefined;
      deliver(items[delivered]!, r.value);
      delivered++;
    }
  };
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      let value: R | Error;
      try {
        value = await fetch(items[i]!);
      } catch (error) {
        value = error instanceof Error ? error : new Error(String(error));
      }
      results[i] = { value };
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
