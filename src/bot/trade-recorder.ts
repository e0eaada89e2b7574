/**
 * Turns what the pipeline reports into history rows: a confirmed buy opens the position row and records
 * its fill (with its launch row when that is still queued: see queued-launches.ts), a confirmed sell
 * records its fill (both in the transaction of the intent's confirmation), a closed position becomes a
 * trade record for the status page (the position store closes its row), open ones get marks.
 */
import type { Clock } from "../clock.ts";
import type { ExitRules } from "../domain/exits/types.ts";
import { sellValue } from "../domain/exits/value.ts";
import type { ExitReason, TradeMode, TradeRecord } from "../domain/trade-record.ts";
import type { OrderFill, OrderIntent } from "../executor/journal.ts";
import type { HistoryWrite } from "../store/writes.ts";
import type { LaunchRow } from "../store/types.ts";
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
  /** The launch row of a mint queued and not yet committed (queued-launches.ts), written with its buy's fill. */
  queuedLaunch?: (mint: string) => LaunchRow | undefined;
  onTradeClosed?: (trade: TradeRecord) => void;
}

/** Records fills and positions; see the file comment. */
export function createTradeRecorder(o: TradeRecorderOptions) {
  const write = (w: Parameters<HistoryWriter["enqueue"]>[0]): void => {
    void o.writer.enqueue(w).catch((err: unknown) => o.log.error({ err, kind: w.kind }, "history row not stored"));
  };

  return {
    /**
     * The rows a confirmed order implies (its position row for a buy, its fill), written by the journal
     * in the same transaction as the confirmation: a crash can never keep one without the other.
     */
    confirmedRows(intent: OrderIntent, fill: OrderFill): HistoryWrite[] {
      const positionId = intent.positionId;
      if (positionId === undefined) {
        o.log.error({ mint: intent.mint, intentId: intent.id }, "confirmed order without a position: fill not recorded");
        return [];
      }
      const at = o.clock.now();
      const rows: HistoryWrite[] = [];
      if (intent.side === "buy") {
        // The fill's CSV row is read right after this commit, joined with its launch: the launch goes first.
        const launch = o.queuedLaunch?.(intent.mint);
        if (launch !== undefined) rows.push({ kind: "launch", row: launch });
        rows.push({ kind: "position.open", row: { id: positionId, mode: o.mode, mint: intent.mint, openedAt: at, rules: o.rules, snipeLatencyMs: o.snipeLatency(intent.mint) } });
      }
      const network = fill.fees.network;
      rows.push({
        kind: "fill",
        row: {
          signature: fill.signature,
          positionId,
          intentId: intent.id,
          mint: intent.mint,
          side: intent.side,
          at,
          lamports: fill.lamports,
          tokens: fill.tokens,
          // The network fee is the base fee (5000 lamports for our one signature) plus the priority fee.
          fees: { protocol: fill.fees.protocol, creator: fill.fees.creator, network: network < 5_000n ? network : 5_000n, priority: network < 5_000n ? 0n : network - 5_000n },
          ...(intent.params.side === "sell" ? { reason: intent.params.reason as ExitReason } : {}),
        },
      });
      return rows;
    },

    /**
     * Every saved position record: marks the open ones (unrealised PnL); a close yields the trade record
     * (its history row was closed by the position store, in the commit of the closed state).
     */
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
