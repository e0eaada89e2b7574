import { DISC } from "../../chain/pump/constants.ts";
import { PUMP_EVENT_AUTHORITY, PUMP_FEE_PROGRAM_ID, PUMP_PROGRAM_ID, SYSTEM_PROGRAM_ID } from "../chain.ts";
import type { IxContext } from "../exec/context.ts";

const NATIVE = new Set([SYSTEM_PROGRAM_ID]);

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
    logs.push(`Program ${programId} invoke [2]`);
    if (o.lines) logs.push(...o.lines);
    if (!NATIVE.has(programId)) {
      const available = Math.max(0, this.ctx.unitsAvailable - 40_000 - this.units);
      logs.push(`Program ${programId} consumed ${o.units ?? 0} of ${available} compute units`);
    }
    if (o.returnData !== undefined) logs.push(`Program return: ${programId} ${o.returnData}`);
    logs.push(`Program ${programId} success`);
    this.units += o.units ?? 150;
    const programIdIndex = this.ctx.keyIndex(programId);
    const accounts = (o.accounts ?? []).map((a) => this.ctx.keyIndex(a));
    if (programIdIndex >= 0 && accounts.every((i) => i >= 0)) {
      this.ctx.inner.push({ programIdIndex, accounts, data: o.data ?? new Uint8Array(0) });
    }
  }

  /** A system transfer CPI. */
  systemTransfer(from: string, to: string, lamports: bigint): void {
    const data = new Uint8Array(12);
    const v = new DataView(data.buffer);
    v.setUint32(0, 2, true);
    v.setBigUint64(4, lamports, true);
    this.cpi(SYSTEM_PROGRAM_ID, { accounts: [from, to], data });
  }

  /** A TransferChecked CPI of the token program. */
  tokenTransfer(tokenProgram: string, source: string, mint: string, dest: string, authority: string, amount: bigint): void {
    const data = new Uint8Array(10);
    data[0] = 12;
    new DataView(data.buffer).setBigUint64(1, amount, true);
    data[9] = 6;
    this.cpi(tokenProgram, { lines: ["Program log: Instruction: TransferChecked"], units: 2_475, accounts: [source, mint, dest, authority], data });
  }

  /** The fee program's GetFees CPI, returning (lp 0, protocol, creator) bps as on mainnet. */
  getFees(protocolBps: bigint, creatorBps: bigint): void {
    const ret = new Uint8Array(24);
    const v = new DataView(ret.buffer);
    v.setBigUint64(8, protocolBps, true);
    v.setBigUint64(16, creatorBps, true);
    this.cpi(PUMP_FEE_PROGRAM_ID, {
      lines: ["Program log: Instruction: GetFees"],
      units: 3_136,
      returnData: Buffer.from(ret).toString("base64"),
    });
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
