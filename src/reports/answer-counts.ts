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
  registerTallyFunction(database);
  // Variable and value go to JavaScript as one string, built by SQLite: one argument and one
  // Map lookup per answer measured a sixth faster than two of each.
  const row = database.db.get<{ tally: string }>(sql`
    SELECT report_tally(a.variable || ${SEPARATOR} || coalesce(${value}, ${NO_VALUE})) AS tally
    FROM respondents r CROSS JOIN answers a
    WHERE ${who} AND a.respondent_id = r.id AND ${these}`);
  const pairs = JSON.parse(row?.tally ?? "[]") as [string, number][];
  for (const [key, count] of pairs) {
    const at = key.indexOf(SEPARATOR);
    const answer = key.slice(at + 1);
    addCount(into, key.slice(0, at), answer === NO_VALUE ? null : answer, sign * count);
  }
}

/** Between variable and value in report_tally's keys: no prompt id or answer holds it. */
const SEPARATOR = "\u001f";
/** report_tally's key for a skipped answer (SQL NULL). */
const NO_VALUE = "\u0000";

const registered = new WeakSet<Database["sqlite"]>();

/**
 * report_tally(key): the [key, count] pairs of its rows, as JSON. SQL's GROUP BY would sort
 * every answer read before counting it, which measured half again as slow as counting them
 * here in a Map.
 */
function registerTallyFunction({ sqlite }: Database): void {
  if (registered.has(sqlite)) return;
  sqlite.aggregate<Map<string, number>>("report_tally", {
    start: () => new Map(),
    step(counts, key) {
      const name = key as unknown as string;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    },
    result: (counts) => JSON.stringify([...counts]),
  });
  registered.add(sqlite);
}
