/**
 * Data quality of the multi-item scales: Cronbach's alpha for q22's six items and for each
 * matrix's own rows, how many teachers "straight-lined" a matrix (the same column in every
 * row), and how many finished implausibly fast.
 *
 * Each figure is one SQL pass: per respondent the items are read from the answers' primary key,
 * and only sums, sums of squares and counts leave the database, so memory stays flat at any
 * size. Known cost: one lookup per respondent and item still makes this view slow at scale
 * (about 2.5 s for 100,000 respondents on the development machine, against 0.15 s for the
 * overview); it is a separate screen of /stats for that reason.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";
import type { PromptList } from "../survey/prompts.js";
import { loadTeacherSurvey } from "../survey-setup.js";
import { defaultFilter, peopleIn, type ReportFilter, responsesIn } from "./filter.js";
import { cronbachAlpha } from "./statistics.js";

/**
 * A finish is "implausibly fast" under 2 seconds per prompt on average, consent to last
 * answer: reading a question and pressing a button takes longer than that, while a quick
 * honest teacher needs about 5 to 10 seconds a prompt.
 */
export const FAST_SECONDS_PER_PROMPT = 2;

/** One multi-item scale's reliability over the respondents who answered all its items. */
export interface ScaleReliability {
  questionId: string;
  variables: string[];
  n: number;
  alpha: number;
  /** Respondents who chose the same column in every item. */
  straightLined: number;
}

/** The data-quality figures of /stats. */
export interface Reliability {
  scales: ScaleReliability[];
  /** Finished responses checked, and those faster than FAST_SECONDS_PER_PROMPT a prompt. */
  completions: number;
  fast: number;
}

/** Computes alpha and straight-lining for every scale matrix, and the fast-finish count. */
export function computeReliability(
  database: Database,
  filter: ReportFilter = defaultFilter,
  prompts: PromptList = loadTeacherSurvey(),
): Reliability {
  const scales = prompts.survey.questions.flatMap((question) =>
    question.kind === "matrix" && question.scale
      ? [
          scaleReliability(
            database,
            question.id,
            question.rows.map((row) => `${question.id}_${row}`),
            filter,
          ),
        ]
      : [],
  );
  return { scales, ...fastCompletions(database, filter) };
}

function scaleReliability(
  { db }: Database,
  questionId: string,
  variables: string[],
  filter: ReportFilter,
): ScaleReliability {
  const item = (index: number) => sql.raw(`x${index}`);
  const fetched = variables.map(
    (variable, index) =>
      sql`CAST((SELECT value FROM answers
        WHERE respondent_id = r.id AND variable = ${variable}) AS INTEGER) AS ${item(index)}`,
  );
  const items = variables.map((_, index) => item(index));
  const list = (parts: SQL[], glue: string) => sql.join(parts, sql.raw(glue));
  const sums = variables.map(
    (_, index) =>
      sql`SUM(${item(index)}) AS ${sql.raw(`s${index}`)}, SUM(${item(index)} * ${item(index)}) AS ${sql.raw(`q${index}`)}`,
  );
  // MATERIALIZED keeps SQLite from inlining the per-item lookups into every expression that
  // uses them, which would repeat each lookup several times per respondent. Respondents are
  // read in id order (respondents_scope), so successive lookups land on neighbouring index
  // pages: half the time of reading them in any other order.
  const row = db.get<Record<string, number | null>>(sql`
    WITH fetched AS MATERIALIZED (
      SELECT ${list(fetched, ", ")} FROM respondents r INDEXED BY respondents_scope
      WHERE ${responsesIn(filter)}
    ),
    complete AS (
      SELECT ${list(items, ", ")}, ${list(items, " + ")} AS total,
        min(${list(items, ", ")}) AS low, max(${list(items, ", ")}) AS high
      FROM fetched WHERE ${list(
        items.map((name) => sql`${name} IS NOT NULL`),
        " AND ",
      )}
    )
    SELECT COUNT(*) AS n, ${list(sums, ", ")},
      SUM(total) AS total_sum, SUM(total * total) AS total_squares, SUM(low = high) AS straight
    FROM complete`);
  const n = row?.n ?? 0;
  const alpha = cronbachAlpha({
    n,
    items: variables.map((_, index) => ({
      sum: row?.[`s${index}`] ?? 0,
      squares: row?.[`q${index}`] ?? 0,
    })),
    totalSum: row?.total_sum ?? 0,
    totalSquares: row?.total_squares ?? 0,
  });
  return { questionId, variables, n, alpha, straightLined: row?.straight ?? 0 };
}

/**
 * Prompts answered are counted per respondent, so a short path (no at q21) is judged fairly.
 * Nobody has more answers than there are distinct variables stored, so a finish slower than
 * that many prompts' worth cannot be fast and its answers are not counted: the count is
 * needed for a handful of respondents instead of every one.
 */
function fastCompletions(
  { db }: Database,
  filter: ReportFilter,
): { completions: number; fast: number } {
  const perPrompt = FAST_SECONDS_PER_PROMPT * 1000;
  const bound = perPrompt * distinctVariables(db);
  // The duration is written as respondents_duration's expression, so the index answers it.
  const duration = sql`(r.completed_at - r.consented_at)`;
  const row = db.get<{ completions: number; fast: number | null }>(sql`
    SELECT COUNT(*) AS completions,
      SUM(CASE WHEN ${duration} >= ${bound} THEN 0
        ELSE ${duration} < ${perPrompt} * (SELECT COUNT(*) FROM answers a WHERE a.respondent_id = r.id)
      END) AS fast
    FROM respondents r
    WHERE r.stage = 'completed' AND ${duration} IS NOT NULL AND ${peopleIn(filter)}`);
  return { completions: row?.completions ?? 0, fast: row?.fast ?? 0 };
}

/** How many distinct variables the answers hold: one seek per variable along answers_report. */
function distinctVariables(db: Database["db"]): number {
  const row = db.get<{ n: number }>(sql`
    WITH RECURSIVE seen(variable) AS (
      SELECT min(variable) FROM answers INDEXED BY answers_report
      UNION ALL
      SELECT (SELECT min(a.variable) FROM answers a INDEXED BY answers_report
        WHERE a.variable > seen.variable)
      FROM seen WHERE seen.variable IS NOT NULL
    )
    SELECT COUNT(variable) AS n FROM seen`);
  return row?.n ?? 0;
}
