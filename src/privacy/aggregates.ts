/**
 * The counts that outlive the study: how many teachers took part, where, and how the answers
 * were spread. Testers' responses are left out, as in every report. Free texts are counted as
 * answered or skipped only: their words are personal data.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";
import type { PromptList } from "../survey/prompts.js";

/** One count as stored in aggregate_counts. */
export interface AggregateCount {
  subject: "respondents" | "answers";
  variable: string;
  value: string;
  count: number;
}

/** Counts the current responses; run before a purge, in the same transaction. */
export function countAggregates({ db }: Database, prompts: PromptList): AggregateCount[] {
  const real = sql`r.tester = 0`;
  const byKind = (kinds: string[]) =>
    JSON.stringify(prompts.prompts.filter((p) => kinds.includes(p.kind)).map((p) => p.id));
  const freeText = byKind(["text", "other-row-text"]);
  const multi = byKind(["multi"]);

  const respondentCounts = db.all<Omit<AggregateCount, "subject">>(sql`
    SELECT 'stage' AS variable, stage AS value, COUNT(*) AS count
      FROM respondents r WHERE ${real} GROUP BY stage
    UNION ALL
    SELECT 'language', COALESCE(language, 'none'), COUNT(*)
      FROM respondents r WHERE ${real} GROUP BY 2
    UNION ALL
    SELECT 'school_code', COALESCE(school_code, 'none'), COUNT(*)
      FROM respondents r WHERE ${real} GROUP BY 2
    UNION ALL
    SELECT 'school_code:completed', COALESCE(school_code, 'none'), COUNT(*)
      FROM respondents r WHERE ${real} AND stage = 'completed' GROUP BY 2`);

  // Codes of a several-may-apply answer ("a,c") are letters and digits, so they split safely.
  const answerCounts = db.all<Omit<AggregateCount, "subject">>(sql`
    SELECT a.variable AS variable, COALESCE(a.value, 'skipped') AS value, COUNT(*) AS count
      FROM answers a JOIN respondents r ON r.id = a.respondent_id
      WHERE ${real}
        AND a.variable NOT IN (SELECT value FROM json_each(${freeText}))
        AND a.variable NOT IN (SELECT value FROM json_each(${multi}))
      GROUP BY 1, 2
    UNION ALL
    SELECT a.variable, CASE WHEN a.value IS NULL THEN 'skipped' ELSE 'answered' END, COUNT(*)
      FROM answers a JOIN respondents r ON r.id = a.respondent_id
      WHERE ${real} AND a.variable IN (SELECT value FROM json_each(${freeText}))
      GROUP BY 1, 2
    UNION ALL
    SELECT a.variable, code.value, COUNT(*)
      FROM answers a JOIN respondents r ON r.id = a.respondent_id,
        json_each('["' || replace(a.value, ',', '","') || '"]') AS code
      WHERE ${real} AND a.variable IN (SELECT value FROM json_each(${multi}))
      GROUP BY 1, 2`);

  return [
    ...respondentCounts.map((row) => ({ subject: "respondents" as const, ...row })),
    ...answerCounts.map((row) => ({ subject: "answers" as const, ...row })),
  ];
}
