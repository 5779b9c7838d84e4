/**
 * Expected report figures computed independently, in plain JavaScript over the seeded
 * response objects, so tests compare the SQL aggregates with a second, naive computation.
 */
import type { ReportFilter } from "../../src/reports/filter.js";
import type { SeededResponse } from "./seed-responses.js";

/** Whether a respondent is admitted by the filter's people part (ignoring status). */
export function admitted(r: SeededResponse, filter: ReportFilter): boolean {
  if (r.tester && !filter.includeTesters) return false;
  if (filter.school !== undefined && r.schoolCode !== filter.school) return false;
  if (filter.district !== undefined && r.answers.get("q3") !== filter.district) return false;
  if (filter.subject !== undefined && r.answers.get("q2") !== filter.subject) return false;
  if (filter.category !== undefined && r.answers.get("q5") !== filter.category) return false;
  return true;
}

/** Whether a respondent's answers count under the filter (people and status). */
export function counted(r: SeededResponse, filter: ReportFilter): boolean {
  const stageOk =
    filter.status === "completed"
      ? r.stage === "completed"
      : r.stage === "answering" || r.stage === "completed";
  return stageOk && admitted(r, filter);
}

/** How many counted respondents gave each value of `variable` (skips and absences left out). */
export function valueCounts(
  responses: readonly SeededResponse[],
  variable: string,
  filter: ReportFilter,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of responses) {
    if (!counted(r, filter)) continue;
    const value = r.answers.get(variable);
    if (value === undefined || value === null) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

/** Type-7 quantile of raw values, computed the textbook way from a sorted copy. */
export function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const low = sorted[Math.floor(h)] as number;
  const high = sorted[Math.ceil(h)] as number;
  return low + (high - low) * (h - Math.floor(h));
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample variance. */
function variance(values: readonly number[]): number {
  const m = mean(values);
  return values.reduce((total, v) => total + (v - m) ** 2, 0) / (values.length - 1);
}

/** Cronbach's alpha from a respondents-by-items matrix of complete cases. */
export function alphaOf(matrix: readonly number[][]): number {
  const k = matrix[0]?.length ?? 0;
  const items = Array.from({ length: k }, (_, i) =>
    variance(matrix.map((row) => row[i] as number)),
  );
  const totals = variance(matrix.map((row) => row.reduce((a, b) => a + b, 0)));
  return (k / (k - 1)) * (1 - items.reduce((a, b) => a + b, 0) / totals);
}

/** Complete-case item matrix of a scale among counted respondents. */
export function itemMatrix(
  responses: readonly SeededResponse[],
  variables: readonly string[],
  filter: ReportFilter,
): number[][] {
  return responses
    .filter((r) => counted(r, filter))
    .map((r) => variables.map((variable) => r.answers.get(variable)))
    .filter((row): row is string[] => row.every((value) => typeof value === "string"))
    .map((row) => row.map(Number));
}
