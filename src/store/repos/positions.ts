/** Positions and their fills; a fill adds to its position's totals in the same transaction. */
import type { Database } from "bun:sqlite";
import type { ExitReason } from "../../domain/trade-record.ts";
import type { FillRow, PositionClose, PositionMark, PositionOpen, StoredPosition } from "../types.ts";
import { bigintJson } from "./launches.ts";

/** Maps a `positions` row (safe integers) to a StoredPosition. */
export function toPosition(r: Record<string, unknown>): StoredPosition {
  return {
    id: String(r.id),
    mode: r.mode as StoredPosition["mode"],
    mint: String(r.mint),
    status: r.status as StoredPosition["status"],
    openedAt: Number(r.opened_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    costLamports: r.cost_lamports as bigint,
    proceedsLamports: r.proceeds_lamports as bigint,
    tokensBought: r.tokens_bought as bigint,
    tokensSold: r.tokens_sold as bigint,
    feesLamports: r.fees_lamports as bigint,
    exitReason: (r.exit_reason ?? null) as ExitReason | null,
    rules: JSON.parse(String(r.rules)) as unknown,
    highWater:
      r.hwm_lamports === null || r.hwm_tokens === null ? null : { lamports: r.hwm_lamports as bigint, tokens: r.hwm_tokens as bigint },
    markLamports: r.mark_lamports === null ? null : (r.mark_lamports as bigint),
    snipeLatencyMs: r.snipe_latency_ms === null ? null : Number(r.snipe_latency_ms),
  };
}

/** Repository of `positions` and `fills`. */
export function positionsRepo(db: Database) {
  const open = db.query(
    `INSERT INTO positions (id, mode, mint, status, opened_at, rules, snipe_latency_ms)
     VALUES ($id, $mode, $mint, 'open', $openedAt, $rules, $snipeLatencyMs) ON CONFLICT(id) DO NOTHING`,
  );
  const mark = db.query(
    `UPDATE positions SET
       hwm_lamports = CASE WHEN $setHwm THEN $hwmLamports ELSE hwm_lamports END,
       hwm_tokens = CASE WHEN $setHwm THEN $hwmTokens ELSE hwm_tokens END,
       mark_lamports = CASE WHEN $setMark AND status = 'open' THEN $markLamports ELSE mark_lamports END
     WHERE id = $id`,
  );
  const close = db.query(
    "UPDATE positions SET status = 'closed', closed_at = $closedAt, exit_reason = $exitReason, mark_lamports = NULL WHERE id = $id",
  );
  const fill = db.query(
    `INSERT INTO fills (signature, position_id, intent_id, mint, side, at, lamports, tokens, fee_protocol, fee_creator, fee_network, fee_priority, reason)
     VALUES ($signature, $positionId, $intentId, $mint, $side, $at, $lamports, $tokens, $protocol, $creator, $network, $priority, $reason)
     ON CONFLICT(signature) DO NOTHING`,
  );
  const addBuy = db.query(
    `UPDATE positions SET cost_lamports = cost_lamports + $lamports + $fee, tokens_bought = tokens_bought + $tokens,
       fees_lamports = fees_lamports + $fee WHERE id = $id`,
  );
  const addSell = db.query(
    `UPDATE positions SET proceeds_lamports = proceeds_lamports + $lamports - $fee, tokens_sold = tokens_sold + $tokens,
       fees_lamports = fees_lamports + $fee WHERE id = $id`,
  );
  const fillsOf = db.query<Record<string, unknown>, { positionId: string }>("SELECT * FROM fills WHERE position_id = $positionId ORDER BY at, id");
  const openOnes = db.query<Record<string, unknown>, []>("SELECT * FROM positions WHERE status = 'open' ORDER BY opened_at, id");
  const byId = db.query<Record<string, unknown>, { id: string }>("SELECT * FROM positions WHERE id = $id");
  return {
    /** Opens a position (idempotent on its id). */
    openPosition(p: PositionOpen): void {
      open.run({
        id: p.id,
        mode: p.mode,
        mint: p.mint,
        openedAt: p.openedAt,
        rules: JSON.stringify(p.rules ?? {}, bigintJson),
        snipeLatencyMs: p.snipeLatencyMs ?? null,
      });
    },
    /**
     * Updates the trailing high-water price and/or the mark value (fields left undefined are kept); a closed
     * position keeps no mark (a mark queued before its close, committed after it, is ignored).
     */
    markPosition(m: PositionMark): void {
      mark.run({
        id: m.id,
        setHwm: m.highWater !== undefined ? 1 : 0,
        hwmLamports: m.highWater?.lamports ?? null,
        hwmTokens: m.highWater?.tokens ?? null,
        setMark: m.markLamports !== undefined ? 1 : 0,
        markLamports: m.markLamports ?? null,
      });
    },
    /** Closes a position with the reason of its final sell. */
    closePosition(c: PositionClose): void {
      close.run({ ...c });
    },
    /** Records a fill and adds it to its position; a fill already stored (same signature) is ignored. */
    insertFill(f: FillRow): boolean {
      const fee = f.fees.protocol + f.fees.creator + f.fees.network + f.fees.priority;
      const { changes } = fill.run({
        signature: f.signature,
        positionId: f.positionId,
        intentId: f.intentId ?? null,
        mint: f.mint,
        side: f.side,
        at: f.at,
        lamports: f.lamports,
        tokens: f.tokens,
        ...f.fees,
        reason: f.reason ?? null,
      });
      if (changes === 0) return false;
      (f.side === "buy" ? addBuy : addSell).run({ id: f.positionId, lamports: f.lamports, tokens: f.tokens, fee });
      return true;
    },
    /** The fills of one position, oldest first (an indexed lookup: fills_position). */
    fillsOfPosition(positionId: string): FillRow[] {
      return fillsOf.all({ positionId }).map((r) => ({
        signature: String(r.signature),
        positionId: String(r.position_id),
        intentId: r.intent_id === null ? null : String(r.intent_id),
        mint: String(r.mint),
        side: r.side as FillRow["side"],
        at: Number(r.at),
        lamports: r.lamports as bigint,
        tokens: r.tokens as bigint,
        fees: { protocol: r.fee_protocol as bigint, creator: r.fee_creator as bigint, network: r.fee_network as bigint, priority: r.fee_priority as bigint },
        reason: (r.reason ?? null) as ExitReason | null,
      }));
    },
    /** Every open position, oldest first (what the positions actor restores after a restart). */
    openPositions(): StoredPosition[] {
      return openOnes.all().map(toPosition);
    },
    /** One position by id, or null. */
    position(id: string): StoredPosition | null {
      const r = byId.get({ id });
      return r ? toPosition(r) : null;
    },
  };
}
