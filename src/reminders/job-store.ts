/**
 * Reminder jobs in SQLite: one job row and one row per recipient, so a restart knows exactly
 * who is still waiting. Every status change is its own small transaction, written before the
 * next step, because the row is what prevents a second send after a crash.
 */
import { and, asc, count, eq, gt } from "drizzle-orm";
import type { Language } from "../app/ports.js";
import type { Database } from "../storage/database.js";
import { contacts, respondents, type Stage } from "../storage/schema.js";
import {
  type JobStatus,
  type RecipientStatus,
  reminderJobs,
  reminderRecipients,
} from "../storage/schema-reminders.js";
import type { JobCounts } from "./ports.js";
import type { Audience, Candidate } from "./segments.js";

/** What a new job is made of. */
export interface NewJob {
  kind: "manual" | "auto";
  audience: Audience;
  texts: Record<Language, string> | null;
  /** A staff member's Telegram user id, or "auto". */
  createdBy: string;
  /** The language the staff member reads the progress in; null for automatic jobs. */
  staffLanguage: Language | null;
  recipients: readonly Candidate[];
  now: number;
}

/** A stored job. */
export type Job = typeof reminderJobs.$inferSelect;

/** A recipient whose turn has come, with what is needed to check and reach them. */
export interface PendingRecipient {
  respondentId: string;
  address: string;
  language: Language | null;
  stage: Stage;
  tester: boolean;
  unreachable: boolean;
  optedOut: boolean;
}

const INSERT_CHUNK = 500;

/** Creates the job store over an open database. */
export function createJobStore({ db, sqlite }: Database) {
  const setStatus = (
    jobId: number,
    respondentId: string,
    status: RecipientStatus,
    reason: string | null,
    now: number,
  ) =>
    db
      .update(reminderRecipients)
      .set({ status, reason, updatedAt: now })
      .where(
        and(eq(reminderRecipients.jobId, jobId), eq(reminderRecipients.respondentId, respondentId)),
      )
      .run();

  return {
    /** Stores a job with all its recipients in one transaction; returns its id. */
    create(job: NewJob): number {
      return sqlite.transaction(() => {
        const created = db
          .insert(reminderJobs)
          .values({
            kind: job.kind,
            segment: job.audience.segment,
            district: job.audience.district ?? null,
            schoolCode: job.audience.schoolCode ?? null,
            textKk: job.texts?.kk ?? null,
            textRu: job.texts?.ru ?? null,
            createdBy: job.createdBy,
            staffLanguage: job.staffLanguage,
            createdAt: job.now,
          })
          .returning({ id: reminderJobs.id })
          .get();
        for (let start = 0; start < job.recipients.length; start += INSERT_CHUNK) {
          const chunk = job.recipients.slice(start, start + INSERT_CHUNK);
          db.insert(reminderRecipients)
            .values(chunk.map((r) => ({ jobId: created.id, respondentId: r.respondentId })))
            .run();
        }
        return created.id;
      })();
    },

    job(jobId: number): Job | undefined {
      return db.select().from(reminderJobs).where(eq(reminderJobs.id, jobId)).get();
    },

    /** Jobs not yet finished, oldest first: the ones to resume after a restart. */
    running(): Job[] {
      return db
        .select()
        .from(reminderJobs)
        .where(eq(reminderJobs.status, "running"))
        .orderBy(asc(reminderJobs.id))
        .all();
    },

    /**
     * The next recipients not yet tried, with their contact as it is now; `after` skips those
     * up to a respondent id already handed out (the queue's lookahead, not yet claimed).
     */
    nextPending(jobId: number, limit: number, after?: string): PendingRecipient[] {
      return db
        .select({
          respondentId: reminderRecipients.respondentId,
          address: contacts.address,
          language: respondents.language,
          stage: respondents.stage,
          tester: respondents.tester,
          unreachable: contacts.unreachable,
          optedOut: contacts.optedOut,
        })
        .from(reminderRecipients)
        .innerJoin(respondents, eq(respondents.id, reminderRecipients.respondentId))
        .innerJoin(contacts, eq(contacts.respondentId, reminderRecipients.respondentId))
        .where(
          and(
            eq(reminderRecipients.jobId, jobId),
            eq(reminderRecipients.status, "pending"),
            after === undefined ? undefined : gt(reminderRecipients.respondentId, after),
          ),
        )
        .orderBy(asc(reminderRecipients.respondentId))
        .limit(limit)
        .all();
    },

    /**
     * Claims a pending recipient for sending. Only one claim can succeed, so two runs of the
     * same job (which the queue does not start) still could not send twice.
     */
    claim(jobId: number, respondentId: string, now: number): boolean {
      const result = db
        .update(reminderRecipients)
        .set({ status: "sending", updatedAt: now })
        .where(
          and(
            eq(reminderRecipients.jobId, jobId),
            eq(reminderRecipients.respondentId, respondentId),
            eq(reminderRecipients.status, "pending"),
          ),
        )
        .run();
      return result.changes === 1;
    },

    /** Records how a recipient ended. */
    settle(
      jobId: number,
      respondentId: string,
      status: Exclude<RecipientStatus, "pending" | "sending">,
      reason: string | null,
      now: number,
    ): void {
      setStatus(jobId, respondentId, status, reason, now);
    },

    /**
     * Recipients left "sending" by a crash: the request may or may not have reached
     * Telegram. They are counted as failed and never retried (at most once).
     */
    settleInterrupted(jobId: number, now: number): number {
      return db
        .update(reminderRecipients)
        .set({ status: "failed", reason: "interrupted", updatedAt: now })
        .where(and(eq(reminderRecipients.jobId, jobId), eq(reminderRecipients.status, "sending")))
        .run().changes;
    },

    /** Marks every recipient still pending as cancelled. */
    cancelPending(jobId: number, now: number): void {
      db.update(reminderRecipients)
        .set({ status: "cancelled", updatedAt: now })
        .where(and(eq(reminderRecipients.jobId, jobId), eq(reminderRecipients.status, "pending")))
        .run();
    },

    finish(jobId: number, status: Exclude<JobStatus, "running">, now: number): void {
      db.update(reminderJobs)
        .set({ status, finishedAt: now })
        .where(and(eq(reminderJobs.id, jobId), eq(reminderJobs.status, "running")))
        .run();
    },

    setProgressMessage(jobId: number, messageId: number): void {
      db.update(reminderJobs)
        .set({ progressMessageId: messageId })
        .where(eq(reminderJobs.id, jobId))
        .run();
    },

    /** The job's recipients by outcome. */
    counts(jobId: number): JobCounts {
      const rows = db
        .select({ status: reminderRecipients.status, n: count() })
        .from(reminderRecipients)
        .where(eq(reminderRecipients.jobId, jobId))
        .groupBy(reminderRecipients.status)
        .all();
      const by = (...statuses: RecipientStatus[]) =>
        rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row.n, 0);
      return {
        total: rows.reduce((sum, row) => sum + row.n, 0),
        sent: by("sent"),
        failed: by("failed"),
        unreachable: by("unreachable"),
        skipped: by("skipped", "cancelled"),
        remaining: by("pending", "sending"),
      };
    },

    /** Marks a teacher's contact unreachable after Telegram refused a send with 403. */
    markUnreachable(respondentId: string): void {
      db.update(contacts)
        .set({ unreachable: true })
        .where(eq(contacts.respondentId, respondentId))
        .run();
    },
  };
}

/** The job store of one deployment. */
export type JobStore = ReturnType<typeof createJobStore>;
