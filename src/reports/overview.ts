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
  // One pass over the respondents_by_school index, in its order, gives every stage count per
  // school; a SUM per stage instead measured more than twice as slow.
  const counts = db.all<{ school: string | null; stage: Stage; n: number; consented: number }>(sql`
    SELECT r.school_code AS school, r.stage AS stage, COUNT(*) AS n,
      COUNT(r.consented_at) AS consented
    FROM respondents r WHERE ${people} GROUP BY r.school_code, r.stage`);
  const count = (stage: Stage) =>
    counts.reduce((total, row) => total + (row.stage === stage ? row.n : 0), 0);
  const counted: Stage[] =
    filter.status === "completed" ? ["completed"] : ["answering", "completed"];
  const bySchool = new Map<string | null, number>();
  for (const row of counts) {
    if (!counted.includes(row.stage)) continue;
    bySchool.set(row.school, (bySchool.get(row.school) ?? 0) + row.n);
  }

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
    consented: counts.reduce((total, row) => total + row.consented, 0),
    declined: count("declined"),
    answering: count("answering"),
    completed: count("completed"),
    medianSecondsToComplete: medianSecondsToComplete(database, filter),
    stoppedAt,
    byDistrict: keyed(answers.get(FILTER_QUESTIONS.district)),
    bySubject: keyed(answers.get(FILTER_QUESTIONS.subject)),
    bySchool: keyed(bySchool),
  };
}

/** Counts in key order, null first as SQL sorts it, whichever way they were counted. */
function keyed(counts: Map<string | null, number> | undefined): KeyedCount[] {
  return [...(counts ?? [])].map(([key, count]) => ({ key, count })).sort(byKey);
}

function byKey(a: KeyedCount, b: KeyedCount): number {
  if (a.key === b.key) return 0;
  if (a.key === null) return -1;
  if (b.key === null) return 1;
  return a.key < b.key ? -1 : 1;
}

/**
 * The median: the middle one or two durations, read in order from respondents_duration. The
 * conditions name the indexed expression itself, so SQLite reads the index alone.
 */
function medianSecondsToComplete({ db }: Database, filter: ReportFilter): number {
  const finished = sql`r.stage = 'completed' AND (r.completed_at - r.consented_at) IS NOT NULL
    AND ${peopleIn(filter)}`;
  const total = db.get<{ n: number }>(
    sql`SELECT COUNT(*) AS n FROM respondents r WHERE ${finished}`,
  );
  const n = total?.n ?? 0;
  if (n === 0) return Number.NaN;
  const middle = db.all<{ ms: number }>(sql`
    SELECT r.completed_at - r.consented_at AS ms FROM respondents r WHERE ${finished}
    ORDER BY (r.completed_at - r.consented_at) LIMIT ${n % 2 === 0 ? 2 : 1} OFFSET ${Math.floor((n - 1) / 2)}`);
  return middle.reduce((sum, row) => sum + row.ms, 0) / middle.length / 1000;
}
