/**
 * parsePumpLogs: a transaction's log lines -> the pump.fun events in them. Each `Program data:` line is
 * tied to the program on top of the invoke stack, so data logged by other programs is ignored.
 */
import { PUMP_PROGRAM_ID } from "./constants.ts";
import { PumpDecodeError } from "./errors.ts";
import type { PumpEvent } from "./event-types.ts";
import { decodePumpEvent } from "./events.ts";
import { fromBase64 } from "../bytes.ts";

/** Options of {@link parsePumpLogs}. */
export interface ParsePumpLogsOptions {
  /** Whose `Program data:` to decode (default: the pump.fun program). */
  programId?: string;
}

/** What {@link parsePumpLogs} found. */
export interface ParsedPumpLogs {
  /** Events in log order, from invocations that did not fail. */
  events: PumpEvent[];
  /** The runtime cut the logs ("Log truncated"): events may be missing; use getTransaction's inner instructions. */
  truncated: boolean;
  /** Some invocation failed: the transaction failed and none of its effects happened. */
  failed: boolean;
  /** `Program data:` lines of the program that could not be decoded (too short, garbage). */
  errors: number;
  /** `Program data:` lines of the program with a discriminator this codec does not know (other events). */
  unknown: number;
}

const DATA = "Program data: ";
const PROGRAM = "Program ";
const INVOKE = " invoke [";

/** Parses log lines; never throws on bad lines (they are counted instead). */
export function parsePumpLogs(logs: readonly string[], opts: ParsePumpLogsOptions = {}): ParsedPumpLogs {
  const programId = opts.programId ?? PUMP_PROGRAM_ID;
  const out: ParsedPumpLogs = { events: [], truncated: false, failed: false, errors: 0, unknown: 0 };
  const stack: string[] = [];
  // Events of each open invocation of the program, dropped if that invocation fails.
  const pending: PumpEvent[][] = [];
  for (const line of logs) {
    if (typeof line !== "string") continue;
    if (line.startsWith(DATA)) {
      if (stack.length === 0 || stack[stack.length - 1] !== programId) continue;
      let ev: PumpEvent;
      try {
        ev = decodePumpEvent(fromBase64(line.slice(DATA.length)));
      } catch (err) {
        if (err instanceof PumpDecodeError && err.reason === "discriminator") out.unknown++;
        else out.errors++;
        continue;
      }
      pending[pending.length - 1]!.push(ev);
      continue;
    }
    if (line === "Log truncated") {
      out.truncated = true;
      break;
    }
    if (!line.startsWith(PROGRAM)) continue;
    const sp = line.indexOf(" ", PROGRAM.length);
    if (sp < 0) continue;
    const id = line.slice(PROGRAM.length, sp);
    if (line.startsWith(INVOKE, sp)) {
      stack.push(id);
      if (id === programId) pending.push([]);
    } else if (line.startsWith(" success", sp) && line.length === sp + 8) {
      close(id, true);
    } else if (line.startsWith(" failed", sp)) {
      out.failed = true;
      close(id, false);
    }
  }
  // Invocations still open (truncated logs) keep what they emitted.
  for (const evs of pending) for (const ev of evs) out.events.push(ev);
  return out;

  function close(id: string, ok: boolean): void {
    // Pop to the matching invocation; a mismatched stack (cut logs) is tolerated.
    const at = stack.lastIndexOf(id);
    if (at < 0) return;
    while (stack.length > at) {
      const top = stack.pop()!;
      if (top !== programId) continue;
      const evs = pending.pop()!;
      if (!ok) continue;
      // Events flow to the enclosing invocation of the program, or out when none is open.
      const parent = pending[pending.length - 1];
      if (parent && stack.includes(programId)) for (const ev of evs) parent.push(ev);
      else for (const ev of evs) out.events.push(ev);
    }
  }
}
