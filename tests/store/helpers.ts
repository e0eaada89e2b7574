/** Temporary databases and sample rows for the store tests. */
import type { Database } from "bun:sqlite";
import { createRepositories } from "../../src/store/repos/index.ts";
import type { FillRow, LaunchRow } from "../../src/store/types.ts";
import { runTempDir } from "../temp-dirs.ts";

/** A fresh temporary directory, removed when the test run ends. */
export function tempDir(prefix = "store"): string {
  return runTempDir(prefix);
}

/** 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A launch with attacker-style fields. */
export function launch(mint: string, over: Partial<LaunchRow> = {}): LaunchRow {
  return {
    mint,
    name: `Token ${mint}`,
    symbol: mint.slice(0, 4).toUpperCase(),
    uri: `https://example.invalid/${mint}`,
    creator: "creator-1",
    bondingCurve: `curve-${mint}`,
    tokenProgram: "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
    slot: 123_456_789n,
    signature: `create-${mint}`,
    seenAt: T0,
    source: "logs",
    ...over,
  };
}

/** A fill with a fee split. */
export function fill(over: Partial<FillRow> & Pick<FillRow, "signature" | "positionId" | "mint" | "side" | "at">): FillRow {
  return {
    lamports: 1_000_000_000n,
    tokens: 35_000_000_000_000n,
    fees: { protocol: 9_500_000n, creator: 500_000n, network: 5_000n, priority: 100_000n },
    ...over,
  };
}

/**
 * Seeds three positions: `win` (mint A, day 1, TP, creator-1), `loss` (mint B, day 2, stop_loss, creator-1),
 * `open` (mint C, day 3, creator-2, with an attacker-chosen name). Returns the repositories.
 */
export function seed(db: Database) {
  const repos = createRepositories(db);
  db.transaction(() => {
    repos.insertLaunch(launch("A"));
    repos.insertLaunch(launch("B", { name: "=cmd|' /C calc'!A0" }));
    repos.insertLaunch(launch("C", { creator: "creator-2", name: '"quoted, comma"\nline2', symbol: "@SUM(A1)" }));
    repos.openPosition({ id: "win", mode: "sim", mint: "A", openedAt: T0 + HOUR, rules: { tp: 2 } });
    repos.insertFill(fill({ signature: "a-buy", positionId: "win", mint: "A", side: "buy", at: T0 + HOUR }));
    repos.insertFill(fill({ signature: "a-sell", positionId: "win", mint: "A", side: "sell", at: T0 + 2 * HOUR, lamports: 3_000_000_000n, reason: "take_profit" }));
    repos.closePosition({ id: "win", closedAt: T0 + 2 * HOUR, exitReason: "take_profit" });
    repos.openPosition({ id: "loss", mode: "sim", mint: "B", openedAt: T0 + DAY + HOUR });
    repos.insertFill(fill({ signature: "b-buy", positionId: "loss", mint: "B", side: "buy", at: T0 + DAY + HOUR }));
    repos.insertFill(fill({ signature: "b-sell", positionId: "loss", mint: "B", side: "sell", at: T0 + DAY + 2 * HOUR, lamports: 400_000_000n, reason: "stop_loss" }));
    repos.closePosition({ id: "loss", closedAt: T0 + DAY + 2 * HOUR, exitReason: "stop_loss" });
    repos.openPosition({ id: "open", mode: "paper", mint: "C", openedAt: T0 + 2 * DAY + HOUR });
    repos.insertFill(fill({ signature: "c-buy", positionId: "open", mint: "C", side: "buy", at: T0 + 2 * DAY + HOUR }));
    repos.markPosition({ id: "open", markLamports: 1_200_000_000n, highWater: { lamports: 30n, tokens: 1_000_000n } });
  })();
  return repos;
}

/** Parses RFC 4180 CSV (quoted fields with doubled quotes, CRLF or LF) into records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      if (c === "\r") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
