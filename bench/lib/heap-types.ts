/** This process's live JS objects by type, after a full collection (slow: for a soak's start and end only). */
import { heapStats } from "bun:jsc";

/** Live objects, the heap's size and its extra (out-of-cell) memory in MB, and the count of each type. */
export interface HeapTypes {
  objects: number;
  heapMb: number;
  extraMb: number;
  byType: Record<string, number>;
}

/** Collects fully, then counts what is live. */
export function liveHeapTypes(): HeapTypes {
  Bun.gc(true);
  const h = heapStats();
  const mb = (x: number): number => Math.round((x / 1048576) * 10) / 10;
  return { objects: h.objectCount, heapMb: mb(h.heapSize), extraMb: mb(h.extraMemorySize), byType: h.objectTypeCounts };
}
