/**
 * Small statistics over timings: the benchmark reports means, medians and tails, never a
 * single run, because the machines it runs on are shared and noisy.
 */

/** Mean of the values; NaN for none, so an empty series cannot pass for a fast one. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The q-quantile (0..1) by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The median. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Rounds to `digits` decimals, keeping JSON figures readable. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Runs `work` `times` times (after one unmeasured warm-up) and returns each run's ms. */
export async function timeRepeated(
  times: number,
  work: () => unknown | Promise<unknown>,
): Promise<number[]> {
  await work();
  const runs: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    await work();
    runs.push(performance.now() - started);
  }
  return runs;
}

/** A source of numbers in [0, 1). */
export type Random = () => number;

/** A seeded generator (mulberry32): the same seed gives the same simulated people. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks one of `items` with the given weights. */
export function weighted<T>(random: Random, items: readonly T[], weights: number[]): T {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let point = random() * total;
  for (let i = 0; i < items.length; i += 1) {
    point -= weights[i] ?? 0;
    if (point < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}
