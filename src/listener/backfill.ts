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
 * Signatures of `address` in the anchor's slot or newer (the anchor itself left out), oldest first. Pages
 * backwards with `before` until an entry older than the anchor's slot, an
 * empty page, or `maxPages`. `complete` is false when the page bound cut the listing: the rest of the gap
 * (older than the first of `entries`) is listed by calling again with `startBefore` = that signature.
 */
export async function listGap(
  rpc: ListenerRpc,
  address: string,
  anchor: Anchor,
  bounds: BackfillBounds,
  signal: AbortSignal,
  startBefore?: string,
): Promise<{ entries: SignatureInfo[]; complete: boolean }> {
  const newestFirst: SignatureInfo[] = [];
  let before: string | undefined = startBefore;
  for (let page = 0; page < bounds.maxPages; page++) {
    // No `until: anchor`: the anchor's own slot is listed whole (its other transactions may have been
    // missed even though the anchor was seen; the caller drops what it already has).
    const opts = { limit: bounds.pageLimit, commitment: "confirmed" as const, ...(before ? { before } : {}) };
    const list = await rpc.getSignaturesForAddress(address, opts, callSignal(signal, bounds.timeoutMs));
    if (list.length === 0) return { entries: newestFirst.reverse(), complete: true };
    for (const entry of list) {
      if (entry.slot < anchor.slot) return { entries: newestFirst.reverse(), complete: true };
      if (entry.signature !== anchor.signature) newestFirst.push(entry);
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
