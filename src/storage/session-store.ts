/**
 * The SessionStore over SQLite. Statements are prepared once and touch one respondent's rows
 * by primary key, so the cost of a tap does not depend on how many answers are stored.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Address, Session, SessionPatch, SessionStore } from "../app/ports.js";
import type { Database } from "./database.js";
import { answers, contacts, processedUpdates, respondents } from "./schema.js";

/** Which survey new respondents take, recorded with each response. */
export interface SurveyIdentity {
  id: string;
  version: number;
}

/** Creates the SQLite-backed store for new respondents of `survey`. */
export function createSessionStore({ db, sqlite }: Database, survey: SurveyIdentity): SessionStore {
  const findSession = db
    .select({
      respondentId: respondents.id,
      language: respondents.language,
      stage: respondents.stage,
      cursor: respondents.cursor,
      draft: respondents.draft,
      lastPrompt: respondents.lastPrompt,
      lastValue: respondents.lastValue,
      schoolCode: respondents.schoolCode,
      shown: contacts.shown,
      promptMessageId: contacts.promptMessageId,
    })
    .from(contacts)
    .innerJoin(respondents, eq(respondents.id, contacts.respondentId))
    .where(
      and(
        eq(contacts.channel, sql.placeholder("channel")),
        eq(contacts.address, sql.placeholder("id")),
      ),
    )
    .prepare();

  const findAnswer = db
    .select({ value: answers.value })
    .from(answers)
    .where(
      and(
        eq(answers.respondentId, sql.placeholder("respondentId")),
        eq(answers.variable, sql.placeholder("variable")),
      ),
    )
    .prepare();

  const findProcessed = db
    .select({ key: processedUpdates.key })
    .from(processedUpdates)
    .where(eq(processedUpdates.key, sql.placeholder("key")))
    .prepare();

  const toSession = (row: NonNullable<ReturnType<typeof findSession.get>>): Session => ({
    ...row,
    draft: row.draft ? row.draft.split(",") : [],
  });

  const find = (address: Address) => {
    const row = findSession.get({ channel: address.channel, id: address.id });
    return row ? toSession(row) : undefined;
  };

  return {
    find,

    create(address, { respondentId, schoolCode, now }) {
      db.insert(respondents)
        .values({
          id: respondentId,
          surveyId: survey.id,
          surveyVersion: survey.version,
          schoolCode,
          stage: "language",
          startedAt: now,
          lastActivityAt: now,
        })
        .run();
      db.insert(contacts)
        .values({ respondentId, channel: address.channel, address: address.id })
        .run();
      const session = find(address);
      if (!session) throw new Error("a respondent just created could not be read back");
      return session;
    },

    atomically(updateKey, work) {
      return sqlite.transaction(() => {
        const result = work();
        if (updateKey)
          db.insert(processedUpdates).values({ key: updateKey }).onConflictDoNothing().run();
        return result;
      })();
    },

    isProcessed: (key) => findProcessed.get({ key }) !== undefined,

    answerOf(respondentId, variable) {
      return findAnswer.get({ respondentId, variable })?.value;
    },

    saveAnswer(respondentId, variable, value, now) {
      db.insert(answers)
        .values({ respondentId, variable, value, answeredAt: now })
        .onConflictDoUpdate({
          target: [answers.respondentId, answers.variable],
          set: { value, answeredAt: now },
        })
        .run();
    },

    clearAnswers(respondentId, variables) {
      if (variables.length === 0) return;
      db.delete(answers)
        .where(
          and(eq(answers.respondentId, respondentId), inArray(answers.variable, [...variables])),
        )
        .run();
    },

    update(respondentId, patch: SessionPatch, now) {
      const { draft, ...rest } = patch;
      db.update(respondents)
        .set({
          ...rest,
          ...(draft === undefined ? {} : { draft: draft.length > 0 ? draft.join(",") : null }),
          lastActivityAt: now,
        })
        .where(eq(respondents.id, respondentId))
        .run();
    },

    markShown(respondentId, shown, promptMessageId) {
      db.update(contacts)
        .set({ shown, promptMessageId })
        .where(eq(contacts.respondentId, respondentId))
        .run();
    },
  };
}
