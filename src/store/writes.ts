/** The rows the history writes behind, as one tagged union, and how each is applied to the repositories. */
import type { RestartRecord } from "../domain/restart-record.ts";
import type { Repositories } from "./repos/index.ts";
import type { PositionStateRow } from "./repos/position-state.ts";
import type {
  AlertRow,
  CreatorRugRow,
  DecisionRow,
  FillRow,
  IntentRow,
  IntentUpdate,
  LaunchRow,
  PositionClose,
  PositionMark,
  PositionOpen,
  TransactionRow,
} from "./types.ts";

/** One row (or row change) queued for the history database. */
export type HistoryWrite =
  | { kind: "launch"; row: LaunchRow }
  | { kind: "decision"; row: DecisionRow }
  | { kind: "intent"; row: IntentRow }
  | { kind: "intent.update"; row: IntentUpdate }
  | { kind: "transaction"; row: TransactionRow }
  | { kind: "position.open"; row: PositionOpen }
  | { kind: "position.mark"; row: PositionMark }
  | { kind: "position.close"; row: PositionClose }
  | { kind: "fill"; row: FillRow }
  | { kind: "alert"; row: AlertRow }
  | { kind: "restart"; row: RestartRecord }
  | { kind: "position.state"; row: PositionStateRow<unknown> }
  | { kind: "creator.rug"; row: CreatorRugRow };

/** Applies one write; returns the signature of a newly stored fill (for the CSV), else null. */
export function applyWrite(repos: Repositories, w: HistoryWrite): string | null {
  switch (w.kind) {
    case "launch":
      repos.insertLaunch(w.row);
      return null;
    case "decision":
      repos.insertDecision(w.row);
      return null;
    case "intent":
      repos.insertIntent(w.row);
      return null;
    case "intent.update":
      repos.updateIntent(w.row);
      return null;
    case "transaction":
      repos.upsertTransaction(w.row);
      return null;
    case "position.open":
      repos.openPosition(w.row);
      return null;
    case "position.mark":
      repos.markPosition(w.row);
      return null;
    case "position.close":
      repos.closePosition(w.row);
      return null;
    case "fill":
      return repos.insertFill(w.row) ? w.row.signature : null;
    case "alert":
      repos.insertAlert(w.row);
      return null;
    case "restart":
      repos.insertRestart(w.row);
      return null;
    case "position.state":
      repos.savePositionState(w.row);
      return null;
    case "creator.rug":
      repos.insertCreatorRug(w.row);
      return null;
  }
}
