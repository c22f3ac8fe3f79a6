/** Nearest-rank percentile (p in 0–100) of `values`; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 50);
}

/** One display frame at 60 Hz, the unit latency is also given in. */
export const FRAME_MS = 1000 / 60;
