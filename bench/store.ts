/**
 * History store (issue item 1d): rows/s through the write-behind writer (bun:sqlite WAL, the config's
 * batch size and synchronous mode) and the shutdown flush with 10,000 rows pending (the lifecycle's
 * history flushers: rows, then CSV), plus the close (checkpoint) after it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHistory } from "../src/actors/history.actor.ts";
import type { HistoryWrite } from "../src/store/writes.ts";
import { encodeBase58Key } from "../src/chain/base58.ts";
import { round } from "./lib/stats.ts";

export interface StoreResult {
  rows_per_s: number;
  rows: number;
  flush_ms: number;
  flush_rows: number;
  close_ms: number;
  batch_size: number;
  synchronous: string;
}

function rowsFor(i: number, seq: number): HistoryWrite[] {
  const b = new Uint8Array(32);
  new DataView(b.buffer).setUint32(0, seq);
  new DataView(b.buffer).setUint32(4, i);
  const mint = encodeBase58Key(b);
  return [
    {
      kind: "launch",
      row: { mint, name: `Bench ${i}`, symbol: "B", uri: "https://example.invalid/x.json", creator: mint, bondingCurve: mint, tokenProgram: "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", slot: BigInt(i), signature: `${mint}${i}`, seenAt: Date.now(), source: "logs" },
    },
    { kind: "decision", row: { mint, decidedAt: Date.now(), action: "skip", reason: "name_denied", details: { detail: "bench" } } },
  ] as HistoryWrite[];
}

export async function runStore(o: { rows?: number; flushRows?: number; synchronous?: "normal" | "full"; batchSize?: number } = {}): Promise<StoreResult> {
  const rows = o.rows ?? 200_000;
  const flushRows = o.flushRows ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), "bench-store-"));
  const synchronous = o.synchronous ?? "normal";
  const batchSize = o.batchSize ?? 1000;
  try {
    // 1. Throughput: produce as fast as the writer takes them, committing full batches (what the history
    //    actor does), until every row is committed.
    const h = createHistory({ dbPath: join(dir, "a.db"), csvDir: join(dir, "csv"), batchSize, queueBound: 10_000, synchronous, lingerMs: 50 });
    let produced = 0;
    const t0 = performance.now();
    while (produced < rows) {
      while (h.writer.pending < h.writer.queueBound && produced < rows) {
        for (const w of rowsFor(produced >> 1, 1)) void h.writer.offer(w);
        produced += 2;
      }
      while (h.writer.pending >= batchSize) h.writer.commitBatch();
    }
    while (h.writer.pending > 0) h.writer.commitBatch();
    const ms = performance.now() - t0;
    await h.close();

    // 2. Shutdown flush with `flushRows` pending (nothing committed yet), then the close.
    const f = createHistory({ dbPath: join(dir, "b.db"), csvDir: join(dir, "csv2"), batchSize, queueBound: Math.max(10_000, flushRows), synchronous, lingerMs: 60_000 });
    for (let i = 0; i < flushRows; i += 2) for (const w of rowsFor(i >> 1, 2)) void f.writer.offer(w);
    const pending = f.writer.pending;
    const f0 = performance.now();
    const signal = AbortSignal.timeout(10_000);
    for (const fl of f.flushers) await fl.flush(signal);
    const flushMs = performance.now() - f0;
    const c0 = performance.now();
    await f.close();
    const closeMs = performance.now() - c0;
    return { rows_per_s: Math.round((rows / ms) * 1000), rows, flush_ms: round(flushMs, 1), flush_rows: pending, close_ms: round(closeMs, 1), batch_size: batchSize, synchronous };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.log(JSON.stringify(await runStore(), null, 2));
