/**
 * Reminder jobs and their recipients. A job is a send to a segment, kept in SQLite so a
 * restart continues it; each recipient row references a respondent, never a chat: the address
 * is read from `contacts` at the moment of sending.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { respondents } from "./schema.js";

/** Who a reminder is for: by stage of the survey. */
export const segments = ["not_started", "in_progress", "not_completed", "completed"] as const;
export type Segment = (typeof segments)[number];

/** A job runs until every recipient is settled, or until a coordinator cancels it. */
export const jobStatuses = ["running", "done", "cancelled"] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * pending: not tried yet; sending: the request left (or may have left) for Telegram;
 * sent / failed / unreachable: Telegram's answer; skipped: no longer eligible when its turn
 * came (opted out, blocked, finished the survey); cancelled: the job was cancelled first.
 */
export const recipientStatuses = [
  "pending",
  "sending",
  "sent",
  "failed",
  "unreachable",
  "skipped",
  "cancelled",
] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

export const reminderJobs = sqliteTable(
  "reminder_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** "manual" from /remind, "auto" from the schedule. */
    kind: text("kind", { enum: ["manual", "auto"] }).notNull(),
    segment: text("segment", { enum: segments }).notNull(),
    /** A q3 district code the segment was narrowed to, if any. */
    district: text("district"),
    schoolCode: text("school_code"),
    /** The coordinator's own texts; null means the default text from the locales. */
    textKk: text("text_kk"),
    textRu: text("text_ru"),
    status: text("status", { enum: jobStatuses }).notNull().default("running"),
    /**
     * The staff member's Telegram user id (as in audit_log), or "auto". Staff are not study
     * participants; their private chat, which has the same id, shows the progress.
     */
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
    /** The message in the creator's chat that is edited with the progress. */
    progressMessageId: integer("progress_message_id"),
    /** The language the creator used in the dialog; the progress speaks it too. */
    staffLanguage: text("staff_language", { enum: ["kk", "ru"] }),
  },
  (table) => [index("reminder_jobs_status").on(table.status)],
);

export const reminderRecipients = sqliteTable(
  "reminder_recipients",
  {
    jobId: integer("job_id")
      .notNull()
      .references(() => reminderJobs.id, { onDelete: "cascade" }),
    respondentId: text("respondent_id")
      .notNull()
      .references(() => respondents.id, { onDelete: "cascade" }),
    status: text("status", { enum: recipientStatuses }).notNull().default("pending"),
    /** Why a send did not succeed: an error code ("403", "400", "network", "interrupted"). */
    reason: text("reason"),
    /** When the status last changed, in ms. */
    updatedAt: integer("updated_at"),
  },
  (table) => [
    primaryKey({ columns: [table.jobId, table.respondentId] }),
    index("reminder_recipients_job_status").on(table.jobId, table.status),
    index("reminder_recipients_respondent").on(table.respondentId, table.status),
  ],
);
