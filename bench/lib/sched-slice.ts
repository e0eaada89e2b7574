/**
 * A thread's scheduler slice (Linux 6.12+, EEVDF): `sched_setattr` with SCHED_OTHER, nice 0 and a
 * `sched_runtime` of 0.1-100 ms, which the fair scheduler takes as that thread's slice (the default here
 * is 1.4 ms). A thread whose slice is shorter than the running one's gets the earlier deadline, so when it
 * wakes it preempts that thread at once instead of waiting out its slice; over time it still gets only
 * its fair share, so nothing it waits on can starve (unlike SCHED_IDLE helpers, see pinning.ts).
 * Unprivileged for one's own user's threads. No CLI sets it (`chrt` takes a runtime only for
 * SCHED_DEADLINE), hence the system call through bun:ffi.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";
import { readFileSync } from "node:fs";

/** sched_setattr's number per architecture (asm-generic for arm64). */
const SYS_SCHED_SETATTR: Partial<Record<string, bigint>> = { x64: 314n, arm64: 274n };
/** sizeof(struct sched_attr), SCHED_ATTR_SIZE_VER1. */
const SCHED_ATTR_SIZE = 56;

type Syscall = (nr: bigint, tid: bigint, attr: number, flags: bigint) => bigint;
let syscall: Syscall | null | undefined;

function libcSyscall(): Syscall | null {
  if (syscall !== undefined) return syscall;
  try {
    const lib = dlopen("libc.so.6", { syscall: { args: [FFIType.i64, FFIType.i64, FFIType.ptr, FFIType.i64], returns: FFIType.i64 } });
    syscall = lib.symbols.syscall as unknown as Syscall;
  } catch {
    syscall = null;
  }
  return syscall;
}

/** Sets thread `tid`'s slice to `ns` (policy normal, nice 0); false where the platform or kernel refuses. */
export function setSlice(tid: number, ns: number): boolean {
  const nr = SYS_SCHED_SETATTR[process.arch];
  const call = process.platform === "linux" && nr !== undefined ? libcSyscall() : null;
  if (call === null || nr === undefined) return false;
  const attr = new Uint8Array(SCHED_ATTR_SIZE);
  const view = new DataView(attr.buffer);
  view.setUint32(0, SCHED_ATTR_SIZE, true); // size
  view.setUint32(4, 0, true); // sched_policy: SCHED_OTHER
  view.setBigUint64(24, BigInt(ns), true); // sched_runtime: the slice
  return call(nr, BigInt(tid), ptr(attr), 0n) === 0n;
}

/** Thread `tid` of `pid`'s slice in ns from /proc (`se.slice`), or null where the kernel does not show one. */
export function sliceOf(pid: number, tid = pid): number | null {
  try {
    const m = /^se\.slice\s*:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/task/${tid}/sched`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
