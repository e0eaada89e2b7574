import { DISC } from "../../chain/pump/constants.ts";
import { PUMP_EVENT_AUTHORITY, PUMP_FEE_PROGRAM_ID, PUMP_PROGRAM_ID, SYSTEM_PROGRAM_ID } from "../chain.ts";
import type { IxContext } from "../exec/context.ts";
import { consumedLine, invokeLine, returnLine, successLine, writeU64 } from "../fast.ts";

const NATIVE = new Set([SYSTEM_PROGRAM_ID]);
const EMPTY = new Uint8Array(0);
const NO_KEYS: string[] = [];
/** Shared inner-instruction account index lists, by packed content (at most 256^4 * 5 distinct). */
const sharedIndexes = new Map<number, number[]>();
const GET_FEES_LINES = ["Program log: Instruction: GetFees"];
const TRANSFER_CHECKED_LINES = ["Program log: Instruction: TransferChecked"];
/** GetFees return data (base64) per fee pair. */
const feesReturn = new Map<string, string>();

/**
 * Writes what a pump.fun instruction's cross-program invocations look like on mainnet: the nested
 * invoke / consumed / success log lines (see the pump.buy.logs vector) and the matching inner
 * instructions that getTransaction returns (including the self-CPI that carries each event).
 */
export class CpiTrace {
  private units = 0;

  constructor(private readonly ctx: IxContext) {}

  /** Compute units the traced CPIs consumed. */
  consumed(): number {
    return this.units;
  }

  /** Logs a line of the pump program itself. */
  log(line: string): void {
    this.ctx.logs.push(line);
  }

  /** One CPI at depth 2. */
  cpi(programId: string, o: { lines?: string[]; units?: number; returnData?: string; accounts?: string[]; data?: Uint8Array }): void {
    const logs = this.ctx.logs;
    logs.push(invokeLine(programId, 2));
    if (o.lines) logs.push(...o.lines);
    if (!NATIVE.has(programId)) {
      const available = Math.max(0, this.ctx.unitsAvailable - 40_000 - this.units);
      logs.push(consumedLine(programId, o.units ?? 0, available));
    }
    if (o.returnData !== undefined) logs.push(returnLine(programId, o.returnData));
    logs.push(successLine(programId));
    this.units += o.units ?? 150;
    const programIdIndex = this.ctx.keyIndex(programId);
    if (programIdIndex < 0) return;
    const keys = o.accounts ?? NO_KEYS;
    // Index lists are shared between records (up to 4 indexes below 256 pack into one number): every
    // landed record keeps its inner instructions, so fewer small arrays means less for the GC to trace.
    let packed = keys.length <= 4 ? keys.length * 2 ** 32 : -1;
    for (let k = 0; k < keys.length; k++) {
      const i = this.ctx.keyIndex(keys[k]!);
      if (i < 0) return;
      if (packed >= 0) {
        if (i < 256) packed += i * 256 ** k;
        else packed = -1;
      }
    }
    let accounts = packed >= 0 ? sharedIndexes.get(packed) : undefined;
    if (accounts === undefined) {
      accounts = keys.map((a) => this.ctx.keyIndex(a));
      if (packed >= 0) sharedIndexes.set(packed, accounts);
    }
    this.ctx.inner.push({ programIdIndex, accounts, data: o.data ?? new Uint8Array(0) });
  }

  /** A system transfer CPI. */
  systemTransfer(from: string, to: string, lamports: bigint): void {
    const data = new Uint8Array(12);
    data[0] = 2;
    writeU64(data, 4, lamports);
    this.cpi(SYSTEM_PROGRAM_ID, { accounts: [from, to], data });
  }

  /** A TransferChecked CPI of the token program. */
  tokenTransfer(tokenProgram: string, source: string, mint: string, dest: string, authority: string, amount: bigint): void {
    const data = new Uint8Array(10);
    data[0] = 12;
    writeU64(data, 1, amount);
    data[9] = 6;
    this.cpi(tokenProgram, { lines: TRANSFER_CHECKED_LINES, units: 2_475, accounts: [source, mint, dest, authority], data });
  }

  /** The fee program's GetFees CPI, returning (lp 0, protocol, creator) bps as on mainnet. */
  getFees(protocolBps: bigint, creatorBps: bigint): void {
    const key = `${protocolBps}:${creatorBps}`;
    let returnData = feesReturn.get(key);
    if (returnData === undefined) {
      const ret = new Uint8Array(24);
      writeU64(ret, 8, protocolBps);
      writeU64(ret, 16, creatorBps);
      returnData = Buffer.from(ret).toString("base64");
      feesReturn.set(key, returnData);
    }
    this.cpi(PUMP_FEE_PROGRAM_ID, { lines: GET_FEES_LINES, units: 3_136, returnData, data: EMPTY });
  }

  /** Emits an event: the `Program data:` line, then the self-CPI to the event authority. */
  emit(eventBytes: Uint8Array): void {
    this.ctx.logs.push(`Program data: ${Buffer.from(eventBytes).toString("base64")}`);
    const data = new Uint8Array(8 + eventBytes.length);
    data.set(DISC.eventCpi, 0);
    data.set(eventBytes, 8);
    this.cpi(PUMP_PROGRAM_ID, { units: 2_054, accounts: [PUMP_EVENT_AUTHORITY], data });
  }
}
