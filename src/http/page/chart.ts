/** The PnL chart: cumulative realised PnL as an SVG polyline, scaled to a fixed viewBox (client mirrors it). */
import type { PnlPoint } from "../../ui/state.ts";

/** Size of the chart's viewBox. */
export const CHART = { width: 600, height: 160, pad: 8 } as const;

/** `points` of the polyline, plus the y of the zero line, for a series (oldest first). */
export function chartGeometry(series: readonly PnlPoint[]): { points: string; zeroY: number } {
  const { width, height, pad } = CHART;
  const values = series.map((p) => Number(p.cumulativeLamports));
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  const y = (v: number) => (pad + (height - 2 * pad) * (1 - (v - lo) / span)).toFixed(1);
  const n = values.length;
  const x = (i: number) => (n <= 1 ? width / 2 : pad + ((width - 2 * pad) * i) / (n - 1)).toFixed(1);
  return { points: values.map((v, i) => `${x(i)},${y(v)}`).join(" "), zeroY: Number(y(0)) };
}
