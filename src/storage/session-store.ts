/**
 * The SessionStore over SQLite. Statements are prepared once and touch one respondent's rows
 * by primary key, so the cost of a tap does not depend on how many answers are stored.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Address, Session, SessionPatch, SessionStore } from "../app/ports.js";
import type { Database, Db } from "./database.js";
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
      shownSince: contacts.shownSince,
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

  const insertAnswer = db
    .insert(answers)
    .values({
      respondentId: sql.placeholder("respondentId"),
      variable: sql.placeholder("variable"),
      value: sql.placeholder("value"),
      answeredAt: sql.placeholder("now"),
    })
    .onConflictDoUpdate({
      target: [answers.respondentId, answers.variable],
      set: { value: sql`excluded.value`, answeredAt: sql`excluded.answered_at` },
    })
    .prepare();

  // SET expressions read the row as it was, so `shown` here is the view shown before.
  const recordShown = db
    .update(contacts)
    .set({
      shown: sql`${sql.placeholder("shown")}`,
      promptMessageId: sql`${sql.placeholder("promptMessageId")}`,
      shownSince: sql`CASE WHEN ${contacts.shown} IS ${sql.placeholder("shown")}
        THEN coalesce(${contacts.shownSince}, ${sql.placeholder("messageId")})
        ELSE ${sql.placeholder("messageId")} END`,
    })
    .where(eq(contacts.respondentId, sql.placeholder("respondentId")))
    .prepare();

  const recordProcessed = db
    .insert(processedUpdates)
    .values({ key: sql.placeholder("key") })
    .onConflictDoNothing()
    .prepare();

  // A transaction function is compiled once; `work` varies, so it is passed in as an argument.
  const inTransaction = sqlite.transaction((updateKey: string | undefined, work: () => unknown) => {
    const result = work();
    if (updateKey) recordProcessed.run({ key: updateKey });
    return result;
  });

  const updateRespondent = respondentUpdater(db);

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

    atomically: (updateKey, work) => inTransaction(updateKey, work) as ReturnType<typeof work>,

    isProcessed: (key) => findProcessed.get({ key }) !== undefined,

    answerOf(respondentId, variable) {
      return findAnswer.get({ respondentId, variable })?.value;
    },

    saveAnswer(respondentId, variable, value, now) {
      insertAnswer.run({ respondentId, variable, value, now });
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
      updateRespondent(respondentId, {
        ...rest,
        ...(draft === undefined ? {} : { draft: draft.length > 0 ? draft.join(",") : null }),
        lastActivityAt: now,
      });
    },

    markShown(respondentId, shown, { messageId, promptMessageId }) {
      recordShown.run({ respondentId, shown, promptMessageId, messageId });
    },
  };
}

/** The respondents columns a session update may set, as stored (the draft already joined). */
type RespondentChanges = Omit<SessionPatch, "draft"> & {
  draft?: string | null;
  lastActivityAt: number;
};

/**
 * Updates respondents by primary key with one prepared statement per set of columns. Building
 * and preparing the SQL cost more than running it, and a survey uses only a handful of sets.
 */
function respondentUpdater(db: Db): (respondentId: string, changes: RespondentChanges) => void {
  const statements = new Map<string, { run(values: Record<string, unknown>): unknown }>();
  const prepare = (columns: string[]) =>
    db
      .update(respondents)
      .set(Object.fromEntries(columns.map((column) => [column, sql`${sql.placeholder(column)}`])))
      .where(eq(respondents.id, sql.placeholder("respondentId")))
      .prepare();

  return (respondentId, changes) => {
    const values: Record<string, unknown> = { respondentId };
    const columns: string[] = [];
    for (const [column, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      columns.push(column);
      values[column] = value;
    }
    const key = columns.join(",");
    let statement = statements.get(key);
    if (!statement) {
      statement = prepare(columns);
      statements.set(key, statement);
    }
    statement.run(values);
  };
}
