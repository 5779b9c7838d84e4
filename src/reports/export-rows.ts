/**
 * Responses for export, read in batches: a page of respondents by rowid (the order they
 * started), then their answers by primary key. Memory holds one batch at a time, and the event
 * loop gets a turn between batches so the bot keeps answering teachers during a large export.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";
import { type ReportFilter, responsesIn } from "./filter.js";

/** Which responses an export holds: finished ones by default. */
export interface ExportScope {
  includeInProgress: boolean;
  includeTesters: boolean;
}

/** One response with every stored value; never the chat it came from. */
export interface ResponseRecord {
  respondentId: string;
  status: "completed" | "in_progress";
  tester: boolean;
  language: string | null;
  schoolCode: string | null;
  startedAt: number;
  completedAt: number | null;
  /** Stored variable -> value; null for a skipped answer, absent for a prompt not reached. */
  answers: Map<string, string | null>;
}

const BATCH = 500;

function filterOf(scope: ExportScope): ReportFilter {
  return {
    status: scope.includeInProgress ? "all" : "completed",
    includeTesters: scope.includeTesters,
  };
}

/** How many responses the scope holds, for progress messages. */
export function countResponses({ db }: Database, scope: ExportScope): number {
  const row = db.get<{ n: number }>(
    sql`SELECT COUNT(*) AS n FROM respondents r WHERE ${responsesIn(filterOf(scope))}`,
  );
  return row?.n ?? 0;
}

/** Yields the scope's responses, oldest first, a batch at a time; `only` limits the variables. */
export async function* responseBatches(
  database: Database,
  scope: ExportScope,
  only?: readonly string[],
): AsyncGenerator<ResponseRecord[]> {
  const { db, sqlite } = database;
  const where = responsesIn(filterOf(scope));
  // Prepared once and read as arrays: an export reads millions of answers.
  const byRespondents =
    "SELECT respondent_id, variable, value FROM answers WHERE respondent_id IN (SELECT value FROM json_each(?))";
  const allAnswers = sqlite.prepare(byRespondents).raw();
  const someAnswers = sqlite
    .prepare(`${byRespondents} AND variable IN (SELECT value FROM json_each(?))`)
    .raw();
  let after = 0;
  for (;;) {
    const page = db.all<{
      position: number;
      id: string;
      stage: string;
      tester: number;
      language: string | null;
      school_code: string | null;
      started_at: number;
      completed_at: number | null;
    }>(sql`
      SELECT r.rowid AS position, r.id, r.stage, r.tester, r.language, r.school_code,
        r.started_at, r.completed_at
      FROM respondents r WHERE r.rowid > ${after} AND ${where} ORDER BY r.rowid LIMIT ${BATCH}`);
    if (page.length === 0) return;
    after = page.at(-1)?.position ?? after;

    const records = new Map<string, ResponseRecord>(
      page.map((row) => [
        row.id,
        {
          respondentId: row.id,
          status: row.stage === "completed" ? "completed" : "in_progress",
          tester: row.tester === 1,
          language: row.language,
          schoolCode: row.school_code,
          startedAt: row.started_at,
          completedAt: row.completed_at,
          answers: new Map(),
        },
      ]),
    );
    const ids = JSON.stringify([...records.keys()]);
    const stored = (only ? someAnswers.all(ids, JSON.stringify(only)) : allAnswers.all(ids)) as [
      string,
      string,
      string | null,
    ][];
    for (const [id, variable, value] of stored) records.get(id)?.answers.set(variable, value);
    yield [...records.values()];
    await new Promise((resolve) => setImmediate(resolve));
  }
}
