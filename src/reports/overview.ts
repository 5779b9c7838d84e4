/**
 * The /stats overview: who started, consented, declined, is answering or finished; the median
 * time to finish; where teachers still answering stopped; and counts by district, subject and
 * school. Each figure is one SQL aggregate over `respondents r`.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";
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
  // One pass over respondents gives the stage counts and the counts by school.
  const groups = db.all<{ stage: string; school: string | null; n: number; consented: number }>(sql`
    SELECT r.stage AS stage, r.school_code AS school, COUNT(*) AS n, COUNT(r.consented_at) AS consented
    FROM respondents r WHERE ${people} GROUP BY r.stage, r.school_code`);
  const count = (stage: string) =>
    groups.filter((group) => group.stage === stage).reduce((total, group) => total + group.n, 0);
  const counted = filter.status === "completed" ? ["completed"] : ["answering", "completed"];
  const schools = new Map<string | null, number>();
  for (const group of groups.filter((g) => counted.includes(g.stage)))
    schools.set(group.school, (schools.get(group.school) ?? 0) + group.n);

  const stoppedAt = db.all<KeyedCount>(sql`
    SELECT r.cursor AS key, COUNT(*) AS count FROM respondents r
    WHERE r.stage = 'answering' AND ${people} GROUP BY r.cursor`);
  const answers = tallyVariables(
    database,
    [FILTER_QUESTIONS.district, FILTER_QUESTIONS.subject],
    filter,
  );
  return {
    started: groups.reduce((total, group) => total + group.n, 0),
    notYetConsented: count("language") + count("consent"),
    consented: groups.reduce((total, group) => total + group.consented, 0),
    declined: count("declined"),
    answering: count("answering"),
    completed: count("completed"),
    medianSecondsToComplete: medianSecondsToComplete(database, filter, count("completed")),
    stoppedAt,
    byDistrict: keyed(answers.get(FILTER_QUESTIONS.district)),
    bySubject: keyed(answers.get(FILTER_QUESTIONS.subject)),
    bySchool: [...schools].map(([key, n]) => ({ key, count: n })),
  };
}

function keyed(counts: Map<string | null, number> | undefined): KeyedCount[] {
  return [...(counts ?? [])].map(([key, count]) => ({ key, count }));
}

/** The median by sorting durations in SQL and reading the middle one or two. */
function medianSecondsToComplete(
  { db }: Database,
  filter: ReportFilter,
  completed: number,
): number {
  if (completed === 0) return Number.NaN;
  const middle = db.all<{ ms: number }>(sql`
    SELECT r.completed_at - r.consented_at AS ms FROM respondents r
    WHERE r.stage = 'completed' AND r.consented_at IS NOT NULL AND ${peopleIn(filter)}
    ORDER BY ms LIMIT ${completed % 2 === 0 ? 2 : 1} OFFSET ${Math.floor((completed - 1) / 2)}`);
  if (middle.length === 0) return Number.NaN;
  return middle.reduce((total, row) => total + row.ms, 0) / middle.length / 1000;
}
