/**
 * Which responses a report counts. Admins pick these in the /stats menu; every aggregate query
 * applies them as SQL conditions on `respondents r`, so nothing is filtered in memory.
 */
import { type SQL, sql } from "drizzle-orm";

/** The answers a filter can select on, by the paper's question numbers. */
export const FILTER_QUESTIONS = { district: "q3", subject: "q2", category: "q5" } as const;

export type AnswerFilter = keyof typeof FILTER_QUESTIONS;

/** A report's scope; answer-based filters keep only teachers who gave that answer. */
export interface ReportFilter {
  /** An option code of q3. */
  district?: string;
  /** An option code of q2. */
  subject?: string;
  /** An option code of q5. */
  category?: string;
  /** A school code from the schools file. */
  school?: string;
  /** "completed" counts finished responses only; "all" adds those still answering. */
  status: "completed" | "all";
  /** Pilot responses are left out unless asked for. */
  includeTesters: boolean;
}

/** What /stats shows first: finished responses of real teachers, everyone. */
export const defaultFilter: ReportFilter = { status: "completed", includeTesters: false };

/**
 * The respondents a filter admits, whatever their stage: for the overview's counts of who
 * started, declined or is still answering.
 */
export function peopleIn(filter: ReportFilter): SQL {
  const conditions: SQL[] = [];
  if (!filter.includeTesters) conditions.push(sql`r.tester = 0`);
  if (filter.school !== undefined) conditions.push(sql`r.school_code = ${filter.school}`);
  for (const name of Object.keys(FILTER_QUESTIONS) as AnswerFilter[]) {
    const value = filter[name];
    if (value === undefined) continue;
    // The answer's respondents are read once from the index into a list, which is much
    // cheaper than looking the answer up again for every respondent.
    conditions.push(
      sql`r.id IN (SELECT f.respondent_id FROM answers f INDEXED BY answers_report WHERE f.variable = ${FILTER_QUESTIONS[name]} AND f.value = ${value})`,
    );
  }
  return conditions.length > 0 ? sql.join(conditions, sql` AND `) : sql`1 = 1`;
}

/** The respondents whose answers a filter counts: `peopleIn` plus the status choice. */
export function responsesIn(filter: ReportFilter): SQL {
  const stage =
    filter.status === "completed"
      ? sql`r.stage = 'completed'`
      : sql`r.stage IN ('answering', 'completed')`;
  return sql`${stage} AND ${peopleIn(filter)}`;
}
