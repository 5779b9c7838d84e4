/**
 * The /stats overview: who started, consented, declined, is answering or finished; the median
 * time to finish; where teachers still answering stopped; and counts by district, subject and
 * school. Each figure is one SQL aggregate over `respondents r`.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";
import { type Stage, stages } from "../storage/schema.js";
import { defaultFilter, FILTER_QUESTIONS, peopleIn, type ReportFilter } from "./filter.js";
import { tallyVariables } from "./tallies.js";

/** A count under a key: an option code, a school code (null: none), a prompt id. */
export interface KeyedCount {
  key: string | null;
  count: number;
}

/** The overview's figures; status counts ignore `filter.status`, breakdowns follow it. */
export interface Overview {
  started: number;
  /** Chose a language but have not yet agreed or declined. */
  notYetConsented: number;
  consented: number;
  declined: number;
  answering: number;
  completed: number;
  /** Median seconds from consent to the last answer, over finished responses; NaN if none. */
  medianSecondsToComplete: number;
  /** Teachers still answering, by the prompt they stopped at. */
  stoppedAt: KeyedCount[];
  byDistrict: KeyedCount[];
  bySubject: KeyedCount[];
  bySchool: KeyedCount[];
}

/** Computes the overview over the respondents `filter` admits. */
export function computeOverview(
  database: Database,
  filter: ReportFilter = defaultFilter,
): Overview {
  const { db } = database;
  const people = peopleIn(filter);
  // One pass over the respondents_by_school index gives every stage count, per school.
  const bySchoolRows = db.all<Record<Stage | "school" | "consented", number | string | null>>(sql`
    SELECT r.school_code AS school, COUNT(r.consented_at) AS consented,
      ${sql.join(
        stages.map((stage) => sql`SUM(r.stage = ${stage}) AS ${sql.raw(stage)}`),
        sql`, `,
      )}
    FROM respondents r WHERE ${people} GROUP BY r.school_code`);
  const groups = bySchoolRows.map((row) => ({
    school: (row.school as string | null) ?? null,
    consented: Number(row.consented ?? 0),
    stages: new Map(stages.map((stage) => [stage, Number(row[stage] ?? 0)])),
  }));
  const count = (stage: Stage) =>
    groups.reduce((total, group) => total + (group.stages.get(stage) ?? 0), 0);
  const counted: Stage[] =
    filter.status === "completed" ? ["completed"] : ["answering", "completed"];
  const bySchool = groups
    .map((group) => ({
      key: group.school,
      count: counted.reduce((total, stage) => total + (group.stages.get(stage) ?? 0), 0),
    }))
    .filter((entry) => entry.count > 0);

  const stoppedAt = db.all<KeyedCount>(sql`
    SELECT r.cursor AS key, COUNT(*) AS count FROM respondents r
    WHERE r.stage = 'answering' AND ${people} GROUP BY r.cursor`);
  const answers = tallyVariables(
    database,
    [FILTER_QUESTIONS.district, FILTER_QUESTIONS.subject],
    filter,
  );
  return {
    started: stages.reduce((total, stage) => total + count(stage), 0),
    notYetConsented: count("language") + count("consent"),
    consented: groups.reduce((total, group) => total + group.consented, 0),
    declined: count("declined"),
    answering: count("answering"),
    completed: count("completed"),
    medianSecondsToComplete: medianSecondsToComplete(database, filter, count("completed")),
    stoppedAt,
    byDistrict: keyed(answers.get(FILTER_QUESTIONS.district)),
    bySubject: keyed(answers.get(FILTER_QUESTIONS.subject)),
    bySchool,
  };
}

function keyed(counts: Map<string | null, number> | undefined): KeyedCount[] {
  return [...(counts ?? [])].map(([key, count]) => ({ key, count }));
}

/** The median: the middle one or two durations, read in order from respondents_duration. */
function medianSecondsToComplete(
  { db }: Database,
  filter: ReportFilter,
  completed: number,
): number {
  if (completed === 0) return Number.NaN;
  const middle = db.all<{ ms: number }>(sql`
    SELECT r.completed_at - r.consented_at AS ms FROM respondents r
    WHERE r.stage = 'completed' AND r.consented_at IS NOT NULL AND ${peopleIn(filter)}
    ORDER BY (r.completed_at - r.consented_at) LIMIT ${completed % 2 === 0 ? 2 : 1} OFFSET ${Math.floor((completed - 1) / 2)}`);
  if (middle.length === 0) return Number.NaN;
  return middle.reduce((total, row) => total + row.ms, 0) / middle.length / 1000;
}
