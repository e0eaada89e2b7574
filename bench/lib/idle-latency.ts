/**
 * Keeps the machine's cores out of deep idle states while a latency run goes on, the way latency-tuned
 * hosts do (tuned's `latency-performance` profile, `cpupower idle-set`): a PM QoS request of 0 us
 * written to /dev/cpu_dma_latency, held while the file stays open. The kernel drops the request when
 * the file is closed, including when the process dies, so nothing outlives the run. On this machine (a
 * virtual machine whose idle cores halt: cpuidle `haltpoll`, `guest_halt_poll_ns=0`) a woken thread
 * otherwise waits for the host to run its halted vCPU again; with the request, idle cores poll instead.
 * Needs write access to the device (root); without it, nothing is held and the results say so.
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";

const DEVICE = "/dev/cpu_dma_latency";

/** A held (or refused) idle-latency request. */
export interface IdleLatencyHold {
  /** True when the request is in force. */
  readonly held: boolean;
  /** Why it is not, when it is not (off by BENCH_POLL_IDLE=0, no device, no permission). */
  readonly reason: string | null;
  /** Drops the request (idempotent). */
  release(): void;
}

/** Asks for idle exits of at most `maxUs` (0: idle cores poll) unless BENCH_POLL_IDLE=0; see the file comment. */
export function holdIdleLatency(maxUs = 0, env: Record<string, string | undefined> = process.env): IdleLatencyHold {
  if (env.BENCH_POLL_IDLE === "0") return { held: false, reason: "off (BENCH_POLL_IDLE=0)", release() {} };
  let fd: number;
  try {
    fd = openSync(DEVICE, "r+");
  } catch (e) {
    return { held: false, reason: `${DEVICE}: ${(e as NodeJS.ErrnoException).code ?? "cannot open"}`, release() {} };
  }
  try {
    writeSync(fd, new Uint8Array(Int32Array.of(maxUs).buffer));
  } catch (e) {
    closeSync(fd);
    return { held: false, reason: `${DEVICE}: ${(e as NodeJS.ErrnoException).code ?? "write failed"}`, release() {} };
  }
  let open = true;
  return {
    held: true,
    reason: null,
    release() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

/** The request the kernel holds now, in us (the device reads the aggregate as 4 bytes). */
export function currentIdleLatencyUs(): number | null {
  try {
    const fd = openSync(DEVICE, "r");
    try {
      const buf = new Uint8Array(4);
      return readSync(fd, buf, 0, 4, null) === 4 ? new DataView(buf.buffer).getInt32(0, true) : null;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** How the run's cores idled, for the results file. */
export function idleNote(hold: IdleLatencyHold): string {
  return hold.held ? "idle cores poll (/dev/cpu_dma_latency held at 0 us for the run)" : `idle states as the kernel chooses (${hold.reason})`;
}
