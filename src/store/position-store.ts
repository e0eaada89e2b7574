/**
 * The positions' PositionStore on the history database: each save is one synchronous commit (durable
 * against kill -9 when it returns), so a restarted bot resumes every live position where it was. The
 * opening record of a buy just sent goes through the write-ahead file instead (durable as soon,
 * committed a microtask later). That record is written after the send, so the snipe path does not pay
 * for it; the buy's intent, written ahead BEFORE the send, carries everything the record holds, so a
 * process that died between the two is made whole on load: a pending buy intent whose position was
 * never saved gets its opening record back (name and symbol from the launch row when it was stored).
 * The same holds the other way for outcomes: a confirmation commits its fill with the intent, before the
 * position hears of it, so `missedOutcomes` finds what a record missed in the fills and intents.
 */
import { isRugExit } from "../domain/trade-record.ts";
import type { OrderIntent } from "../executor/journal.ts";
import { openingRecord } from "../positions/record.ts";
import type { OrderOutcome } from "../pipeline/orders.ts";
import type { MissedOutcome, PositionRecord, PositionStore } from "../positions/types.ts";
import type { HistoryWriter } from "./history-writer.ts";
import type { FillRow } from "./types.ts";
import type { HistoryWrite } from "./writes.ts";

/** A PositionStore over the `position_state` table (see the file comment). */
export class SqlitePositionStore implements PositionStore {
  constructor(
    private readonly writer: HistoryWriter,
    private readonly now: () => number,
  ) {}

  loadOpenPositions(): PositionRecord[] {
    this.writer.applyAhead();
    const live = this.writer.repos.livePositionStates<PositionRecord>();
    return live.concat(this.recoverOpenings());
  }

  loadPosition(positionId: string): PositionRecord | undefined {
    this.writer.applyAhead();
    return this.writer.repos.positionState<PositionRecord>(positionId) ?? this.recoverOpenings().find((r) => r.positionId === positionId);
  }

  savePosition(record: PositionRecord): void {
    const rows = [this.row(record)];
    if (record.status === "closed" && record.closedAt !== null) {
      // In the same commit as the closed state: the trade history's row closes with it (never left open by
      // a kill), and a rug is counted (the rug filter's database count is never behind it).
      rows.push({ kind: "position.close", row: { id: record.positionId, closedAt: record.closedAt, exitReason: record.exitReason ?? "manual" } });
      if (isRugExit(record.exitReason)) rows.push({ kind: "creator.rug", row: { positionId: record.positionId, creator: record.creator } });
    }
    this.writer.writeNow(rows);
  }

  savePositionAhead(record: PositionRecord): void {
    this.writer.writeAhead([this.row(record)]);
  }

  missedOutcomes(record: PositionRecord): MissedOutcome[] {
    const repos = this.writer.repos;
    if (record.status === "opening") {
      const fill = repos.fillsOfPosition(record.positionId).find((f) => f.side === "buy");
      if (fill !== undefined) return [{ outcome: confirmedOf(fill), at: fill.at }];
      const failed = repos.intentsOfMint(record.mint, "buy").find((i) => i.positionId === record.positionId && (i.status === "failed" || i.status === "expired"));
      if (failed === undefined) return [];
      const outcome: OrderOutcome = {
        type: "order.failed", intentId: failed.id, side: "buy", mint: record.mint, reason: failed.lastError ?? `buy ${failed.status}`, retryable: false, positionId: record.positionId,
      };
      return [{ outcome, at: failed.updatedAt }];
    }
    if (record.status !== "exiting" && record.status !== "stuck") return [];
    // Sells apply whole, one at a time and in order: the sell fills beyond the tokens the record counts as
    // sold are the ones it missed (a failed sell needs nothing: the resumed position sends it again).
    let accounted = record.tokensBought - record.tokensHeld;
    const missed: MissedOutcome[] = [];
    for (const fill of repos.fillsOfPosition(record.positionId)) {
      if (fill.side !== "sell") continue;
      if (fill.tokens <= accounted) accounted -= fill.tokens;
      else {
        accounted = 0n;
        missed.push({ outcome: confirmedOf(fill), at: fill.at });
      }
    }
    return missed;
  }

  /** Saves and returns the opening record of every pending buy intent whose position has no row. */
  private recoverOpenings(): PositionRecord[] {
    const repos = this.writer.repos;
    const recovered: PositionRecord[] = [];
    for (const row of repos.pendingIntents()) {
      const intent = row.detail as OrderIntent | null;
      const positionId = intent?.positionId;
      if (intent === null || intent.params.side !== "buy" || positionId === undefined) continue;
      if (repos.positionState(positionId) !== undefined) continue;
      const launch = repos.launch(intent.mint);
      const record = { ...openingRecordOf(intent, launch ?? {}), positionId };
      this.savePosition(record);
      recovered.push(record);
    }
    return recovered;
  }

  private row(record: PositionRecord): HistoryWrite {
    return {
      kind: "position.state",
      row: { positionId: record.positionId, mint: record.mint, status: record.status, version: record.version, state: record, updatedAt: this.now() },
    };
  }
}

/** The executor's outcome for a stored fill (the slot is not stored with it; a record does not use it). */
function confirmedOf(f: FillRow): OrderOutcome {
  const network = f.fees.network + f.fees.priority;
  return {
    type: "order.confirmed", intentId: f.intentId ?? "", side: f.side, mint: f.mint, signature: f.signature, slot: 0,
    lamports: f.lamports, tokens: f.tokens, feeLamports: f.fees.protocol + f.fees.creator + network, positionId: f.positionId,
    fees: { protocol: f.fees.protocol, creator: f.fees.creator, network },
  };
}

/** The opening record `reserve` made for this buy intent's request (requested at the intent's creation). */
function openingRecordOf(intent: OrderIntent, meta: { name?: string; symbol?: string }): PositionRecord {
  const p = intent.params;
  if (p.side !== "buy") throw new Error(`intent ${intent.id} is not a buy`);
  const request = {
    mint: intent.mint,
    bondingCurve: p.bondingCurve,
    creator: p.creator,
    tokenProgram: p.tokenProgram,
    lamports: p.lamports,
    minTokensOut: p.minTokensOut,
    launchReceivedAt: 0,
    launchSignature: p.launchSignature,
  };
  return openingRecord(request, { ...meta, now: intent.createdAt });
}
