/**
 * The database tables. Answers are keyed by a pseudonymous respondent id; how to reach a
 * teacher lives apart in `contacts`, so answers can be exported and studied without it.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/** Where a respondent is: choosing a language, reading the consent, answering, or done. */
export const stages = ["language", "consent", "declined", "answering", "completed"] as const;
export type Stage = (typeof stages)[number];

export const respondents = sqliteTable(
  "respondents",
  {
    id: text("id").primaryKey(),
    surveyId: text("survey_id").notNull(),
    surveyVersion: integer("survey_version").notNull(),
    language: text("language", { enum: ["kk", "ru"] }),
    schoolCode: text("school_code"),
    stage: text("stage", { enum: stages }).notNull(),
    /** The prompt being asked while answering. */
    cursor: text("cursor"),
    /** Ticks at a several-may-apply prompt, not yet confirmed with Done (comma-separated). */
    draft: text("draft"),
    /** The prompt answered last and its value: a second identical tap is a double tap. */
    lastPrompt: text("last_prompt"),
    lastValue: text("last_value"),
    tester: integer("tester", { mode: "boolean" }).notNull().default(false),
    startedAt: integer("started_at").notNull(),
    consentedAt: integer("consented_at"),
    declinedAt: integer("declined_at"),
    completedAt: integer("completed_at"),
    lastActivityAt: integer("last_activity_at").notNull(),
  },
  (table) => [
    index("respondents_stage").on(table.stage, table.cursor),
    // /stats: stage counts per school, and the median time to complete, without sorting rows.
    index("respondents_by_school").on(
      table.schoolCode,
      table.stage,
      table.tester,
      table.consentedAt,
    ),
    index("respondents_duration").on(table.stage, table.tester, sql`(completed_at - consented_at)`),
    // /stats: whether a respondent is in a report's scope, read from the index alone.
    index("respondents_scope").on(table.id, table.stage, table.tester),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    respondentId: text("respondent_id")
      .primaryKey()
      .references(() => respondents.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    address: text("address").notNull(),
    /** The last view delivered (a prompt id, "language", "consent", "end"); see Session.shown. */
    shown: text("shown"),
    /** The message that carries the current prompt's buttons, to clear them once answered. */
    promptMessageId: integer("prompt_message_id"),
    /**
     * The first message that showed the view in `shown`: a view shown again (after a refused
     * answer) keeps it, so a text typed before the repeat still answers the same prompt.
     */
    shownSince: integer("shown_since"),
    unreachable: integer("unreachable", { mode: "boolean" }).notNull().default(false),
    optedOut: integer("opted_out", { mode: "boolean" }).notNull().default(false),
  },
  (table) => [uniqueIndex("contacts_address").on(table.channel, table.address)],
);

export const answers = sqliteTable(
  "answers",
  {
    respondentId: text("respondent_id")
      .notNull()
      .references(() => respondents.id, { onDelete: "cascade" }),
    /** The prompt id, which is the variable name in exports (q19_3). */
    variable: text("variable").notNull(),
    /** null when an optional question was skipped. */
    value: text("value"),
    answeredAt: integer("answered_at").notNull(),
  },
  // Stored WITHOUT ROWID (migration 0009): the rows live in primary-key order, so reading
  // one respondent's answer is one seek, and a stored answer writes two b-trees instead of
  // four. Known shortcoming: drizzle's schema cannot say WITHOUT ROWID, so a migration that
  // drizzle-kit generates to recreate this table would drop it; such a migration must be
  // edited to keep it.
  (table) => [
    primaryKey({ columns: [table.respondentId, table.variable] }),
    // Reports count a variable's values, and find who gave one, without reading table rows.
    index("answers_report").on(table.variable, table.value, table.respondentId),
  ],
);

/**
 * Update ids already applied: Telegram delivers at least once, and a redelivery must be a no-op.
 * Stored WITHOUT ROWID (migration 0009), so each update writes one b-tree, not a table and
 * the index of its key; the shortcoming noted at `answers` applies here too.
 */
export const processedUpdates = sqliteTable("processed_updates", {
  key: text("key").primaryKey(),
  at: integer("at").notNull().default(sql`(unixepoch() * 1000)`),
});
