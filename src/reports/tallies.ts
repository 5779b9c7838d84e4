/**
 * The aggregate queries every report is built from: how many teachers gave each value of a
 * variable, and how many answered a free-text prompt, over the responses a filter admits.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";
import {
  ANSWERED,
  addEveryonesAnswers,
  addRespondentsAnswers,
  type Counted,
  emptyTallies,
  type VariableTallies,
} from "./answer-counts.js";
import type { ReportFilter } from "./filter.js";
import { responsesIn } from "./filter.js";

export { ANSWERED, type Counted, type VariableTallies } from "./answer-counts.js";

/**
 * Whether a filter admits few respondents: one district, subject, category or school is a
 * small share of the study, while every finished response is most of it.
 */
function isNarrow(filter: ReportFilter): boolean {
  return [filter.district, filter.subject, filter.category, filter.school].some(
    (value) => value !== undefined,
  );
}

/**
 * Counts `counted` over the responses `filter` admits, with the same few queries however many
 * variables. A narrow scope is counted respondent by respondent. A wide one is everyone's
 * answers less those of the respondents it leaves out (teachers still answering, testers,
 * declines), which reads far fewer rows; this relies on every answer having its respondent,
 * which the foreign key guarantees.
 */
export function tallyAnswers(
  database: Database,
  counted: Counted,
  filter: ReportFilter,
): VariableTallies {
  const result = emptyTallies(counted);
  const admitted = responsesIn(filter);
  if (isNarrow(filter)) {
    addRespondentsAnswers(database, counted, admitted, 1, result);
  } else {
    addEveryonesAnswers(database, counted, result);
    addRespondentsAnswers(database, counted, sql`(${admitted}) IS NOT TRUE`, -1, result);
  }
  return result;
}

/** Tallies the stored values of `variables` over the responses `filter` admits. */
export function tallyVariables(
  database: Database,
  variables: readonly string[],
  filter: ReportFilter,
): VariableTallies {
  return tallyAnswers(database, { values: variables, texts: [] }, filter);
}

/** How many teachers wrote an answer to a free-text prompt, and how many skipped it. */
export function countTexts(
  database: Database,
  variable: string,
  filter: ReportFilter,
): { answered: number; skipped: number } {
  const counts = tallyAnswers(database, { values: [], texts: [variable] }, filter).get(variable);
  return { answered: counts?.get(ANSWERED) ?? 0, skipped: counts?.get(null) ?? 0 };
}

/**
 * For a several-may-apply prompt stored as comma-joined codes ("a,c"): how many teachers
 * answered it, and how many ticked each option. Teachers tick few distinct combinations, so
 * the combinations are counted in SQL and split here.
 */
export function tallyTicks(
  database: Database,
  variable: string,
  options: readonly string[],
  filter: ReportFilter,
): { n: number; ticks: number[] } {
  const combinations = tallyVariables(database, [variable], filter).get(variable) ?? new Map();
  const ticks = options.map(() => 0);
  let n = 0;
  for (const [value, count] of combinations) {
    n += count;
    const ticked = new Set(value?.split(",") ?? []);
    options.forEach((code, index) => {
      if (ticked.has(code)) ticks[index] = (ticks[index] ?? 0) + count;
    });
  }
  return { n, ticks };
}
