/** Order intents and the transactions sent for them. */
import type { Database } from "bun:sqlite";
import type { IntentRow, IntentUpdate, StoredIntent, TransactionRow } from "../types.ts";
import { decodeState, encodeState } from "./position-state.ts";

const detailJson = (detail: unknown): string | null => (detail === undefined ? null : JSON.stringify(detail, encodeState));

function toIntent(r: Record<string, unknown>): StoredIntent {
  return {
    id: String(r.id),
    mint: String(r.mint),
    side: r.side as StoredIntent["side"],
    positionId: r.position_id === null ? null : String(r.position_id),
    solLamports: r.sol_lamports as bigint,
    tokenAmount: r.token_amount as bigint,
    slippageBps: Number(r.slippage_bps),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    status: r.status as StoredIntent["status"],
    signature: r.signature === null ? null : String(r.signature),
    attempts: Number(r.attempts),
    lastError: r.last_error === null ? null : String(r.last_error),
    detail: r.detail === null || r.detail === undefined ? null : JSON.parse(String(r.detail), decodeState),
  };
}

/** Repository of `order_intents` and `transactions`. */
export function ordersRepo(db: Database) {
  const insertIntent = db.query(
    `INSERT INTO order_intents (id, mint, side, position_id, sol_lamports, token_amount, slippage_bps, created_at, updated_at, status, attempts, detail)
     VALUES ($id, $mint, $side, $positionId, $solLamports, $tokenAmount, $slippageBps, $createdAt, $createdAt, $status, $attempts, $detail)`,
  );
  const updateIntent = db.query(
    `UPDATE order_intents SET status = $status, updated_at = $at,
       signature = coalesce($signature, signature), attempts = coalesce($attempts, attempts),
       last_error = CASE WHEN $hasError THEN $lastError ELSE last_error END,
       detail = coalesce($detail, detail)
     WHERE id = $id`,
  );
  const pending = db.query<Record<string, unknown>, []>(
    "SELECT * FROM order_intents WHERE status IN ('intent', 'sent') ORDER BY created_at, id",
  );
  const byId = db.query<Record<string, unknown>, { id: string }>("SELECT * FROM order_intents WHERE id = $id");
  const buyMints = db.query<{ mint: string }, []>("SELECT DISTINCT mint FROM order_intents WHERE side = 'buy'");
  const ofMint = db.query<Record<string, unknown>, { mint: string; side: string }>(
    "SELECT * FROM order_intents WHERE mint = $mint AND side = $side ORDER BY created_at, id",
  );
  const buyOfMint = db.query<{ one: number }, { mint: string }>("SELECT 1 AS one FROM order_intents WHERE mint = $mint AND side = 'buy' LIMIT 1");
  const insertTx = db.query(
    `INSERT INTO transactions (signature, intent_id, sent_at, confirmed_at, slot, err)
     VALUES ($signature, $intentId, $sentAt, $confirmedAt, $slot, $err)
     ON CONFLICT(signature) DO UPDATE SET confirmed_at = coalesce(excluded.confirmed_at, confirmed_at),
       slot = coalesce(excluded.slot, slot), err = coalesce(excluded.err, err)`,
  );
  const txOf = db.query<Record<string, unknown>, { intentId: string }>(
    "SELECT * FROM transactions WHERE intent_id = $intentId ORDER BY sent_at",
  );
  return {
    /** Inserts a new intent (status "intent" unless given); throws if the id exists (double-buy guard). */
    insertIntent(row: IntentRow): void {
      insertIntent.run({
        id: row.id,
        mint: row.mint,
        side: row.side,
        positionId: row.positionId ?? null,
        solLamports: row.solLamports,
        tokenAmount: row.tokenAmount,
        slippageBps: row.slippageBps,
        createdAt: row.createdAt,
        status: row.status ?? "intent",
        attempts: row.attempts ?? 0,
        detail: detailJson(row.detail),
      });
    },
    /** Moves an intent to a new status (signature / attempts / error kept unless given). */
    updateIntent(u: IntentUpdate): void {
      updateIntent.run({
        id: u.id,
        status: u.status,
        at: u.at,
        signature: u.signature ?? null,
        attempts: u.attempts ?? null,
        hasError: u.lastError !== undefined ? 1 : 0,
        lastError: u.lastError ?? null,
        detail: detailJson(u.detail),
      });
    },
    /** Intents not yet confirmed, failed or expired, oldest first: what crash reconciliation checks. */
    pendingIntents(): StoredIntent[] {
      return pending.all().map(toIntent);
    },
    /** Every mint with a buy intent in any status (a mint is never bought twice). */
    boughtMints(): string[] {
      return buyMints.all().map((r) => String(r.mint));
    },
    /** True when `mint` has a buy intent in any status (an indexed lookup: order_intents_mint). */
    hasBuyIntent(mint: string): boolean {
      return buyOfMint.get({ mint }) !== null;
    },
    /** Every intent of one side for `mint`, oldest first (an indexed lookup: order_intents_mint). */
    intentsOfMint(mint: string, side: "buy" | "sell"): StoredIntent[] {
      return ofMint.all({ mint, side }).map(toIntent);
    },
    /** One intent by id, or null. */
    intent(id: string): StoredIntent | null {
      const r = byId.get({ id });
      return r ? toIntent(r) : null;
    },
    /** Records a sent transaction, or completes it (confirmation, slot, error) when it exists. */
    upsertTransaction(row: TransactionRow): void {
      insertTx.run({
        signature: row.signature,
        intentId: row.intentId,
        sentAt: row.sentAt,
        confirmedAt: row.confirmedAt ?? null,
        slot: row.slot ?? null,
        err: row.err ?? null,
      });
    },
    /** Transactions of an intent, in send order. */
    transactions(intentId: string): TransactionRow[] {
      return txOf.all({ intentId }).map((r) => ({
        signature: String(r.signature),
        intentId: String(r.intent_id),
        sentAt: Number(r.sent_at),
        confirmedAt: r.confirmed_at === null ? null : Number(r.confirmed_at),
        slot: r.slot === null ? null : (r.slot as bigint),
        err: r.err === null ? null : String(r.err),
      }));
    },
  };
}
