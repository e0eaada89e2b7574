/** Launches seen and the decisions taken on them. */
import type { Database } from "bun:sqlite";
import type { DecisionRow, LaunchRow } from "../types.ts";

/** Repository of `launches` and `decisions`. */
export function launchesRepo(db: Database) {
  const insertLaunch = db.query(
    `INSERT INTO launches (mint, name, symbol, uri, creator, bonding_curve, token_program, slot, signature, seen_at, source)
     VALUES ($mint, $name, $symbol, $uri, $creator, $bondingCurve, $tokenProgram, $slot, $signature, $seenAt, $source)
     ON CONFLICT(mint) DO NOTHING`,
  );
  const insertDecision = db.query(
    "INSERT INTO decisions (mint, decided_at, action, reason, details) VALUES ($mint, $decidedAt, $action, $reason, $details)",
  );
  const byMint = db.query<Record<string, unknown>, { mint: string }>("SELECT * FROM launches WHERE mint = $mint");
  const decisionsOf = db.query<Record<string, unknown>, { mint: string }>(
    "SELECT * FROM decisions WHERE mint = $mint ORDER BY decided_at, id",
  );
  return {
    /** Records a launch; a second sighting of the same mint is ignored (first seen wins). */
    insertLaunch(row: LaunchRow): void {
      insertLaunch.run({ ...row });
    },
    /** Records a buy/skip decision (details stored as JSON). */
    insertDecision(row: DecisionRow): void {
      insertDecision.run({ ...row, details: JSON.stringify(row.details ?? {}, bigintJson) });
    },
    /** The launch of a mint, or null. */
    launch(mint: string): LaunchRow | null {
      const r = byMint.get({ mint });
      if (!r) return null;
      return {
        mint: String(r.mint),
        name: String(r.name),
        symbol: String(r.symbol),
        uri: String(r.uri),
        creator: String(r.creator),
        bondingCurve: String(r.bonding_curve),
        tokenProgram: String(r.token_program),
        slot: BigInt(r.slot as bigint),
        signature: String(r.signature),
        seenAt: Number(r.seen_at),
        source: String(r.source),
      };
    },
    /** Decisions taken on a mint, oldest first. */
    decisions(mint: string): DecisionRow[] {
      return decisionsOf.all({ mint }).map((r) => ({
        mint: String(r.mint),
        decidedAt: Number(r.decided_at),
        action: r.action as DecisionRow["action"],
        reason: String(r.reason),
        details: JSON.parse(String(r.details)) as unknown,
      }));
    },
  };
}

/** JSON.stringify replacer: bigints as decimal strings (never floats). */
export function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
