/**
 * Keeps the machine's cores out of deep idle states, the way latency-tuned hosts do (tuned's
 * `latency-performance` profile, `cpupower idle-set`): a PM QoS request of 0 us written to
 * /dev/cpu_dma_latency, in force while the file stays open. The kernel drops the request when the file
 * is closed, including when the process dies, so nothing outlives the holder. On a virtual machine
 * whose idle cores halt (cpuidle `haltpoll` with `guest_halt_poll_ns=0`, as on the bench's machine) a
 * woken thread otherwise waits for the host to run its halted vCPU again, on every hop of a snipe (the
 * launch's frame in, the buy out). Idle cores then poll: lower wake-up latency, a core's worth of power
 * each. Needs write access to the device (root). `listener.pollIdleCores` turns it on for the bot; the
 * bench holds it during its latency runs.
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";

const DEVICE = "/dev/cpu_dma_latency";

/** A held (or refused) idle-latency request. */
export interface IdleLatencyHold {
  /** True when the request is in force. */
  readonly held: boolean;
  /** Why it is not, when it is not (the device's path and the system's error code, never more). */
  readonly reason: string | null;
  /** Drops the request (idempotent). */
  release(): void;
}

/** A hold that holds nothing, with `reason`. */
export function notHeld(reason: string): IdleLatencyHold {
  return { held: false, reason, release() {} };
}

/** Asks that idle cores wake within `maxUs` (0: they poll); see the file comment. */
export function holdIdleLatency(maxUs = 0): IdleLatencyHold {
  let fd: number;
  try {
    fd = openSync(DEVICE, "r+");
  } catch (e) {
    return notHeld(`${DEVICE}: ${(e as NodeJS.ErrnoException).code ?? "cannot open"}`);
  }
  try {
    writeSync(fd, new Uint8Array(Int32Array.of(maxUs).buffer));
  } catch (e) {
    closeSync(fd);
    return notHeld(`${DEVICE}: ${(e as NodeJS.ErrnoException).code ?? "write failed"}`);
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

/** The request the kernel enforces now, in us (the device reads as 4 bytes); null when unreadable. */
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

/** Where pollIdleCores says whether it could hold the request (a pino logger fits). */
export interface IdleLatencyLog {
  info(msg: string): void;
  warn(fields: { reason: string | null }, msg: string): void;
}

/** `listener.pollIdleCores`: idle cores poll for the bot's life when `wanted` (released at shutdown), logged either way. */
export function pollIdleCores(wanted: boolean, log: IdleLatencyLog): IdleLatencyHold {
  if (!wanted) return notHeld("listener.pollIdleCores is off");
  const hold = holdIdleLatency(0);
  if (hold.held) log.info("idle cores poll: /dev/cpu_dma_latency held at 0 us until shutdown (listener.pollIdleCores)");
  else log.warn({ reason: hold.reason }, "listener.pollIdleCores: idle cores left to the kernel (the device needs root)");
  return hold;
}
