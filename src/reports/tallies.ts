/**
 * The aggregate queries every report is built from: how many teachers gave each value of a
 * variable, and how many answered a free-text prompt. One GROUP BY per call, over the answers
 * of the respondents a filter admits.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";
import { type ReportFilter, responsesIn } from "./filter.js";

/**
 * The condition on `answers a` that its respondent is admitted. SQLite reads the admitted ids
 * once into a list (with a Bloom filter) and checks each answer against it, which costs far
 * less than joining every answer to its respondent's row. The list is read by scanning the
 * table in order (NOT INDEXED): through an index on stage, SQLite would fetch most rows one
 * by one, which measured twice as slow at 100,000 respondents.
 */
function admittedRespondents(filter: ReportFilter): SQL {
  return sql`a.respondent_id IN (SELECT r.id FROM respondents r NOT INDEXED WHERE ${responsesIn(filter)})`;
}

/** Counts per value (null for a skipped answer), per variable. */
export type VariableTallies = Map<string, Map<string | null, number>>;

/** Tallies the stored values of `variables` over the responses `filter` admits. */
export function tallyVariables(
  { db }: Database,
  variables: readonly string[],
  filter: ReportFilter,
): VariableTallies {
  const result: VariableTallies = new Map(variables.map((variable) => [variable, new Map()]));
  if (variables.length === 0) return result;
  const rows = db.all<{ variable: string; value: string | null; n: number }>(sql`
    SELECT a.variable AS variable, a.value AS value, COUNT(*) AS n
    FROM answers a INDEXED BY answers_report
    WHERE a.variable IN (${sql.join(
      variables.map((variable) => sql`${variable}`),
      sql`, `,
    )}) AND ${admittedRespondents(filter)}
    GROUP BY a.variable, a.value`);
  for (const row of rows) result.get(row.variable)?.set(row.value, row.n);
  return result;
}

/** How many teachers wrote an answer to a free-text prompt, and how many skipped it. */
export function countTexts(
  { db }: Database,
  variable: string,
  filter: ReportFilter,
): { answered: number; skipped: number } {
  const row = db.get<{ answered: number | null; total: number | null }>(sql`
    SELECT COUNT(a.value) AS answered, COUNT(*) AS total
    FROM answers a INDEXED BY answers_report
    WHERE a.variable = ${variable} AND ${admittedRespondents(filter)}`);
  const answered = row?.answered ?? 0;
  return { answered, skipped: (row?.total ?? 0) - answered };
}

/**
 * For a several-may-apply prompt stored as comma-joined codes ("a,c"): how many teachers
 * answered it, and how many ticked each option.
 */
export function tallyTicks(
  { db }: Database,
  variable: string,
  options: readonly string[],
  filter: ReportFilter,
): { n: number; ticks: number[] } {
  const columns = options.map(
    (code, index) =>
      sql`SUM(instr(',' || a.value || ',', ${`,${code},`}) > 0) AS ${sql.raw(`t${index}`)}`,
  );
  const row = db.get<Record<string, number | null>>(sql`
    SELECT COUNT(*) AS n, ${sql.join(columns, sql`, `)}
    FROM answers a INDEXED BY answers_report
    WHERE a.variable = ${variable} AND ${admittedRespondents(filter)}`);
  return {
    n: row?.n ?? 0,
    ticks: options.map((_, index) => row?.[`t${index}`] ?? 0),
  };
}
