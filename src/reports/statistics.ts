/**
 * Statistics from aggregates: SQL returns frequency tables and sums, and these turn them into
 * means, quantiles and Cronbach's alpha without ever holding one value per answer.
 */

/** How many answers had one numeric value. */
export interface Frequency {
  value: number;
  count: number;
}

/** Mean of a frequency table; NaN when it is empty. */
export function meanOf(table: readonly Frequency[]): number {
  let n = 0;
  let sum = 0;
  for (const { value, count } of table) {
    n += count;
    sum += value * count;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/** Sample standard deviation of a frequency table; NaN below two answers. */
export function standardDeviationOf(table: readonly Frequency[]): number {
  const n = table.reduce((total, { count }) => total + count, 0);
  if (n < 2) return Number.NaN;
  const mean = meanOf(table);
  const squares = table.reduce((total, { value, count }) => total + count * (value - mean) ** 2, 0);
  return Math.sqrt(squares / (n - 1));
}

/**
 * The p-quantile (0..1) with linear interpolation between order statistics (R's type 7, the
 * default of R and of spreadsheet QUARTILE.INC), so researchers get the same figure.
 */
export function quantileOf(table: readonly Frequency[], p: number): number {
  const sorted = [...table].filter(({ count }) => count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((total, { count }) => total + count, 0);
  if (n === 0) return Number.NaN;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const lower = orderStatistic(sorted, below);
  const upper = orderStatistic(sorted, Math.min(n - 1, below + 1));
  return lower + (upper - lower) * (position - below);
}

/** The value at 0-based rank `rank` of a sorted frequency table. */
function orderStatistic(sorted: readonly Frequency[], rank: number): number {
  let seen = 0;
  for (const { value, count } of sorted) {
    seen += count;
    if (rank < seen) return value;
  }
  return Number.NaN;
}

/** Sums over complete cases of a k-item scale, as one SQL pass returns them. */
export interface ScaleSums {
  /** Respondents who answered every item. */
  n: number;
  /** Per item: sum of values and sum of squared values. */
  items: { sum: number; squares: number }[];
  /** Sum of the respondents' totals and of their squared totals. */
  totalSum: number;
  totalSquares: number;
}

/** Cronbach's alpha: k/(k-1) * (1 - sum of item variances / variance of totals); NaN if undefined. */
export function cronbachAlpha(sums: ScaleSums): number {
  const k = sums.items.length;
  if (k < 2 || sums.n < 2) return Number.NaN;
  const variance = (sum: number, squares: number) =>
    (squares - (sum * sum) / sums.n) / (sums.n - 1);
  const itemVariance = sums.items.reduce(
    (total, item) => total + variance(item.sum, item.squares),
    0,
  );
  const totalVariance = variance(sums.totalSum, sums.totalSquares);
  if (totalVariance <= 0) return Number.NaN;
  return (k / (k - 1)) * (1 - itemVariance / totalVariance);
}
