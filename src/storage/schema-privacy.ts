/**
 * What outlives the study: when an admin ends it, personal data is purged and only these
 * counts remain, so the study's figures can still be quoted. Nothing here names a person.
 */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Counts kept after the purge: respondents by stage, language and school ("respondents"),
 * and answers by variable and value ("answers"; free texts only as answered or skipped).
 */
export const aggregateCounts = sqliteTable(
  "aggregate_counts",
  {
    subject: text("subject", { enum: ["respondents", "answers"] }).notNull(),
    variable: text("variable").notNull(),
    value: text("value").notNull(),
    count: integer("count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.subject, table.variable, table.value] })],
);

/** The end of the study: at most one row. After it the bot takes no new answers. */
export const studyEnd = sqliteTable("study_end", {
  id: integer("id").primaryKey(),
  endedAt: integer("ended_at").notNull(),
  /** Respondents and answers purged, for the record. */
  respondents: integer("respondents").notNull(),
  answers: integer("answers").notNull(),
});
