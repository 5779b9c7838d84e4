/**
 * The two ways to count answers that tallies.ts chooses between. Both give exact counts; they
 * differ in which answers they read, so each is fast for a different share of respondents:
 * - everyone's answers, from answers_report alone (no check per answer), for a wide scope;
 * - respondent by respondent, through the answers' primary key, for a narrow one, or for the few
 *   respondents a wide scope leaves out (whose counts are then subtracted).
 * Checking every answer against a list of admitted respondents, as reports first did, cost
 * more than either at 100,000 respondents.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";

/** The key a free-text answer is counted under: the text itself would make one key each. */
export const ANSWERED = "answered";

/** Counts per value (null for a skipped answer), per variable. */
export type VariableTallies = Map<string, Map<string | null, number>>;

/** What to count: variables by their value, free-text variables as ANSWERED or null. */
export interface Counted {
  values: readonly string[];
  texts: readonly string[];
}

/** Empty tallies for every counted variable, so absent values read as zero counts. */
export function emptyTallies({ values, texts }: Counted): VariableTallies {
  return new Map([...values, ...texts].map((variable) => [variable, new Map()]));
}

/**
 * Adds `count` (negative to subtract) to one variable's value. A count a subtraction brings to
 * zero is removed, so reports list only values someone in scope gave.
 */
export function addCount(
  tallies: VariableTallies,
  variable: string,
  value: string | null,
  count: number,
): void {
  const counts = tallies.get(variable);
  if (!counts) return;
  const total = (counts.get(value) ?? 0) + count;
  if (total === 0) counts.delete(value);
  else counts.set(value, total);
}

function listOf(variables: readonly string[]): SQL {
  return sql.join(
    variables.map((variable) => sql`${variable}`),
    sql`, `,
  );
}

/**
 * Adds every respondent's answers, whoever they are. Each GROUP BY follows answers_report's
 * order, so SQLite counts while reading and sorts nothing.
 */
export function addEveryonesAnswers({ db }: Database, counted: Counted, into: VariableTallies) {
  if (counted.values.length > 0) {
    const rows = db.all<{ variable: string; value: string | null; n: number }>(sql`
      SELECT a.variable AS variable, a.value AS value, COUNT(*) AS n
      FROM answers a INDEXED BY answers_report
      WHERE a.variable IN (${listOf(counted.values)})
      GROUP BY a.variable, a.value`);
    for (const row of rows) addCount(into, row.variable, row.value, row.n);
  }
  if (counted.texts.length > 0) {
    const rows = db.all<{ variable: string; answered: number; n: number }>(sql`
      SELECT a.variable AS variable, COUNT(a.value) AS answered, COUNT(*) AS n
      FROM answers a INDEXED BY answers_report
      WHERE a.variable IN (${listOf(counted.texts)})
      GROUP BY a.variable`);
    for (const row of rows) {
      addCount(into, row.variable, ANSWERED, row.answered);
      addCount(into, row.variable, null, row.n - row.answered);
    }
  }
}

/**
 * Adds (sign 1) or subtracts (sign -1) the answers of the respondents `who` (a condition on
 * `respondents r`) admits. A respondent's answers lie together in the primary key of answers
 * (a WITHOUT ROWID table) in variable order, so one seek per respondent reads everything from
 * the first counted variable to the last: exactly the prompts of one question, a few more for
 * the overview's q2 and q3, which still measured cheaper than a seek per variable.
 */
export function addRespondentsAnswers(
  database: Database,
  counted: Counted,
  who: SQL,
  sign: 1 | -1,
  into: VariableTallies,
): void {
  const variables = [...counted.values, ...counted.texts].sort();
  const first = variables[0];
  const last = variables[variables.length - 1];
  if (first === undefined || last === undefined) return;
  // The unary + keeps SQLite from seeking each listed variable instead of reading the range.
  const these = sql`a.variable BETWEEN ${first} AND ${last} AND +a.variable IN (${listOf(variables)})`;
  const value =
    counted.texts.length === 0
      ? sql`a.value`
      : sql`CASE WHEN a.variable IN (${listOf(counted.texts)}) AND a.value IS NOT NULL
          THEN ${ANSWERED} ELSE a.value END`;
  // SQLite hands every answer over as one "variable␟value" key (the variable alone when
  // skipped) in one JSON array, and they are counted here. A GROUP BY would sort every answer
  // first, and an aggregate function in JavaScript costs a call per answer: both measured
  // far slower at 100,000 responses.
  const row = database.db.get<{ keys: string }>(sql`
    SELECT json_group_array(a.variable || coalesce(${SEPARATOR} || ${value}, '')) AS keys
    FROM respondents r CROSS JOIN answers a
    WHERE ${who} AND a.respondent_id = r.id AND ${these}`);
  const counts = new Map<string, number>();
  for (const key of JSON.parse(row?.keys ?? "[]") as string[]) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) {
    const at = key.indexOf(SEPARATOR);
    const [variable, answer] = at < 0 ? [key, null] : [key.slice(0, at), key.slice(at + 1)];
    addCount(into, variable, answer, sign * count);
  }
}

/** Between variable and value in a key: in no prompt id or option code (texts count as answered). */
const SEPARATOR = "\u001f";
