/**
 * Turns what the pipeline reports into history rows: a confirmed buy opens the position row and records
 * its fill, a confirmed sell records its fill, a closed position closes its row and becomes a trade record
 * for the status page. All writes go through the write-behind queue, in order, so the position row always
 * precedes the fills that add to it.
 */
import type { Clock } from "../clock.ts";
import type { ExitRules } from "../domain/exits/types.ts";
import { sellValue } from "../domain/exits/value.ts";
import type { TradeMode, TradeRecord } from "../domain/trade-record.ts";
import type { OrderOutcome } from "../pipeline/orders.ts";
import type { PositionRecord } from "../positions/types.ts";
import type { HistoryWriter } from "../store/history-writer.ts";
import type { Logger } from "pino";

/** Where closed trades go besides the database (status page, alerts). */
export interface TradeRecorderOptions {
  writer: HistoryWriter;
  mode: TradeMode;
  clock: Clock;
  rules: ExitRules;
  log: Logger;
  /** Launch seen -> buy sent, in ms, by mint (measured by the snipe path). */
  snipeLatency: (mint: string) => number | null;
  onTradeClosed?: (trade: TradeRecord) => void;
}

/** Records fills and positions; see the file comment. */
export function createTradeRecorder(o: TradeRecorderOptions) {
  const write = (w: Parameters<HistoryWriter["enqueue"]>[0]): void => {
    void o.writer.enqueue(w).catch((err: unknown) => o.log.error({ err, kind: w.kind }, "history row not stored"));
  };
  const opened = new Set<string>();

  return {
    /** A final order outcome from the executor (before the positions see it). */
    outcome(out: OrderOutcome, positionIdOfBuy: (mint: string) => string | undefined): void {
      if (out.type !== "order.confirmed") return;
      const positionId = out.positionId ?? positionIdOfBuy(out.mint);
      if (positionId === undefined) {
        o.log.error({ mint: out.mint, intentId: out.intentId }, "confirmed order without a position: fill not recorded");
        return;
      }
      const at = o.clock.now();
      if (out.side === "buy" && !opened.has(positionId)) {
        opened.add(positionId);
        write({ kind: "position.open", row: { id: positionId, mode: o.mode, mint: out.mint, openedAt: at, rules: o.rules, snipeLatencyMs: o.snipeLatency(out.mint) } });
      }
      const fees = out.fees ?? { protocol: 0n, creator: 0n, network: out.feeLamports };
      write({
        kind: "fill",
        row: {
          signature: out.signature,
          positionId,
          intentId: out.intentId,
          mint: out.mint,
          side: out.side,
          at,
          lamports: out.lamports,
          tokens: out.tokens,
          // The network fee is base (5000 per signature) + priority; the executor reports their sum.
          fees: { protocol: fees.protocol, creator: fees.creator, network: fees.network < 5_000n ? fees.network : 5_000n, priority: fees.network < 5_000n ? 0n : fees.network - 5_000n },
        },
      });
    },

    /** Every saved position record: marks the open ones (unrealised PnL); a close closes the row and yields the trade record. */
    positionChanged(r: PositionRecord): void {
      if (r.status === "open" || r.status === "exiting" || r.status === "stuck") {
        // Open means the buy filled, so its position row exists (written with the fill, in this run or before a restart).
        if (r.mark !== null && r.tokensBought > 0n) {
          write({
            kind: "position.mark",
            row: {
              id: r.positionId,
              markLamports: sellValue(r.mark, r.tokensHeld, o.rules.fees),
              highWater: { lamports: r.highWater.num, tokens: r.highWater.den },
            },
          });
        }
        return;
      }
      if (r.status !== "closed" || r.closedAt === null) return;
      opened.delete(r.positionId);
      write({ kind: "position.close", row: { id: r.positionId, closedAt: r.closedAt, exitReason: r.exitReason ?? "manual" } });
      o.onTradeClosed?.({
        positionId: r.positionId,
        mode: o.mode,
        mint: r.mint,
        name: r.name,
        symbol: r.symbol,
        creator: r.creator,
        openedAt: r.openedAt,
        closedAt: r.closedAt,
        costLamports: r.costLamports,
        proceedsLamports: r.proceedsLamports,
        tokensBought: r.tokensBought,
        tokensSold: r.tokensBought - r.tokensHeld,
        feesLamports: r.feesLamports,
        exitReason: r.exitReason,
        snipeLatencyMs: o.snipeLatency(r.mint),
        markLamports: null,
        fills: [],
      });
    },
  };
}
