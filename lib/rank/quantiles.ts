/**
 * Scores as percentiles: a model's margin placed in the table of the margins of the papers the user
 * did not star (lib/rank/model.ts keeps the table with each scorer).
 */

/** 101 points: the values at 0%, 1%, … 100% of `values`. */
export function quantiles(values: number[]): Float32Array {
  const out = new Float32Array(101);
  if (values.length === 0) return out;
  const sorted = Float64Array.from(values).sort();
  for (let k = 0; k <= 100; k++) {
    const pos = (k / 100) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    out[k] = sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  }
  return out;
}

/** The share of the quantile table at or below `raw`, interpolated: 0..1. */
export function percentile(raw: number, q: Float32Array): number {
  if (!(raw > q[0]!)) return 0;
  if (raw >= q[100]!) return 1;
  let lo = 0;
  let hi = 100;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! <= raw) lo = mid;
    else hi = mid;
  }
  const span = q[hi]! - q[lo]!;
  return (lo + (span > 0 ? (raw - q[lo]!) / span : 0)) / 100;
}
