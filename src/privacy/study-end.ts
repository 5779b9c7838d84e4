/**
 * The end of the study, as the paper promises: once the final archive is out, every piece of
 * personal data is destroyed and only aggregate counts remain. After it the bot takes no new
 * answers, so nothing personal accumulates again.
 */
import { count } from "drizzle-orm";
import type { Database } from "../storage/database.js";
import { answers, respondents } from "../storage/schema.js";
import { aggregateCounts, studyEnd } from "../storage/schema-privacy.js";
import type { PromptList } from "../survey/prompts.js";
import { countAggregates } from "./aggregates.js";
import { scrubbing } from "./erase.js";

/** When the study ended, or undefined while it runs. */
export function studyEndedAt(database: Database): number | undefined {
  return studyEndReader(database)();
}

/** `studyEndedAt` with its query prepared once, for a check made on every update. */
export function studyEndReader({ db }: Database): () => number | undefined {
  const query = db.select({ endedAt: studyEnd.endedAt }).from(studyEnd).prepare();
  return () => query.get()?.endedAt;
}

/** What a purge removed. */
export interface PurgeResult {
  respondents: number;
  answers: number;
  /** Aggregate counts kept in their place. */
  counts: number;
}

/** How much personal data there is now: what an admin is asked to confirm destroying. */
export function personalDataSize({ db }: Database): { respondents: number; answers: number } {
  const people = db.select({ n: count() }).from(respondents).get()?.n ?? 0;
  const given = db.select({ n: count() }).from(answers).get()?.n ?? 0;
  return { respondents: people, answers: given };
}

/**
 * Keeps the aggregate counts, deletes every respondent (their contacts, answers and reminder
 * records go with them) and marks the study ended, in one transaction, scrubbed from the file
 * (see `scrubbing`). Returns undefined if the study had already ended.
 */
export function purgePersonalData(
  database: Database,
  prompts: PromptList,
  now: number,
): PurgeResult | undefined {
  const { db, sqlite } = database;
  const result = scrubbing(database, () =>
    sqlite.transaction(() => {
      if (studyEndedAt(database) !== undefined) return undefined;
      const size = personalDataSize(database);
      const counts = countAggregates(database, prompts);
      if (counts.length > 0) db.insert(aggregateCounts).values(counts).run();
      db.delete(respondents).run();
      db.insert(studyEnd)
        .values({ id: 1, endedAt: now, respondents: size.respondents, answers: size.answers })
        .run();
      return { ...size, counts: counts.length };
    })(),
  );
  return result;
}
