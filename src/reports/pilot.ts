/**
 * Pilot mode: the paper pilots the survey with a few people first. Their responses carry the
 * respondents.tester flag and stay out of /stats and exports unless asked for. Admins' own
 * responses are always test responses: staff are not study participants.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../storage/database.js";
import { answers, contacts, respondents } from "../storage/schema.js";

/** A respondent as the /tester list shows them: no chat, no name. */
export interface RespondentSummary {
  id: string;
  stage: string;
  cursor: string | null;
  tester: boolean;
  startedAt: number;
}

/** Sets or clears the tester flag; false when no such respondent exists. */
export function setTester({ db }: Database, respondentId: string, tester: boolean): boolean {
  const result = db
    .update(respondents)
    .set({ tester })
    .where(eq(respondents.id, respondentId))
    .run();
  return result.changes > 0;
}

/** Whether a respondent is flagged; undefined when there is no such respondent. */
export function isTester({ db }: Database, respondentId: string): boolean | undefined {
  return db
    .select({ tester: respondents.tester })
    .from(respondents)
    .where(eq(respondents.id, respondentId))
    .get()?.tester;
}

/** The newest respondents, so an admin can find the pilot tester who has just started. */
export function recentRespondents({ db }: Database, limit: number): RespondentSummary[] {
  return db
    .select({
      id: respondents.id,
      stage: respondents.stage,
      cursor: respondents.cursor,
      tester: respondents.tester,
      startedAt: respondents.startedAt,
    })
    .from(respondents)
    .orderBy(desc(respondents.startedAt), desc(sql`rowid`))
    .limit(limit)
    .all();
}

/** The respondent behind a chat, if that chat ever started the survey. */
export function respondentAt(
  { db }: Database,
  channel: string,
  address: string,
): string | undefined {
  return db
    .select({ id: contacts.respondentId })
    .from(contacts)
    .where(and(eq(contacts.channel, channel), eq(contacts.address, address)))
    .get()?.id;
}

/** Flags the response behind a staff member's chat as a test response (a no-op once flagged). */
export function flagStaffResponse({ db }: Database, channel: string, address: string): void {
  db.update(respondents)
    .set({ tester: true })
    .where(
      and(
        eq(respondents.tester, false),
        sql`${respondents.id} IN (SELECT ${contacts.respondentId} FROM ${contacts} WHERE ${contacts.channel} = ${channel} AND ${contacts.address} = ${address})`,
      ),
    )
    .run();
}

/**
 * Starts a test response over, so an admin can pilot the survey again: its answers are
 * removed and it goes back to the language choice. Refuses any response not flagged as a test.
 */
export function restartTestResponse(
  database: Database,
  respondentId: string,
  now: number,
): boolean {
  const { db, sqlite } = database;
  return sqlite.transaction(() => {
    const reset = db
      .update(respondents)
      .set({
        stage: "language",
        cursor: null,
        draft: null,
        lastPrompt: null,
        lastValue: null,
        consentedAt: null,
        declinedAt: null,
        completedAt: null,
        startedAt: now,
        lastActivityAt: now,
      })
      .where(and(eq(respondents.id, respondentId), eq(respondents.tester, true)))
      .run();
    if (reset.changes === 0) return false;
    db.delete(answers).where(eq(answers.respondentId, respondentId)).run();
    return true;
  })();
}
