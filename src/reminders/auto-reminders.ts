/**
 * Automatic reminders, off unless configured: a croner schedule looks for teachers who have
 * been answering but stopped for N hours, reminds each at most M times, never in quiet hours,
 * through the same send queue (and pace) as reminders sent by a coordinator.
 */
import { Cron } from "croner";
import { and, eq, inArray, lte, notExists, sql } from "drizzle-orm";
import type { Clock } from "../app/ports.js";
import type { Logger } from "../logger.js";
import { recordAudit } from "../storage/audit.js";
import type { Database } from "../storage/database.js";
import { contacts, respondents } from "../storage/schema.js";
import { reminderJobs, reminderRecipients } from "../storage/schema-reminders.js";
import type { JobStore } from "./job-store.js";
import { isQuiet, type QuietHours, STUDY_TIME_ZONE } from "./quiet-hours.js";
import { type Candidate, reachable } from "./segments.js";
import type { SendQueue } from "./send-queue.js";

/** The automatic reminder settings from the configuration. */
export interface AutoReminderSettings {
  /** Hours without an answer (and since the last reminder) before a reminder. */
  afterHours: number;
  /** Automatic reminders per teacher, at most. */
  maxPerTeacher: number;
  quietHours: QuietHours | null;
  /** When to look for stalled teachers (croner pattern, Almaty time). */
  cron: string;
}

export interface AutoRemindersDeps {
  database: Database;
  jobs: JobStore;
  queue: SendQueue;
  settings: AutoReminderSettings;
  /** The channel whose contacts are reminded. */
  channel: string;
  clock: Clock;
  logger: Logger;
}

const HOUR_MS = 60 * 60 * 1000;

/** Teachers in progress who are due an automatic reminder at `now`. */
export function selectStalled(
  { db }: Database,
  options: { channel: string; afterHours: number; maxPerTeacher: number; now: number },
): Candidate[] {
  const cutoff = options.now - options.afterHours * HOUR_MS;
  const rr = reminderRecipients;
  const lastReminder = sql`coalesce((select max(${rr.updatedAt}) from ${rr}
    where ${rr.respondentId} = ${respondents.id} and ${rr.status} = 'sent'), 0)`;
  // A failed attempt counts too: it may have arrived, and retrying it for ever is spam.
  const automaticSoFar = sql`(select count(*) from ${rr}
    inner join ${reminderJobs} on ${reminderJobs.id} = ${rr.jobId}
    where ${rr.respondentId} = ${respondents.id} and ${reminderJobs.kind} = 'auto'
      and ${rr.status} in ('sent', 'sending', 'failed'))`;
  const queued = db
    .select({ one: sql`1` })
    .from(rr)
    .innerJoin(reminderJobs, eq(reminderJobs.id, rr.jobId))
    .where(
      and(
        eq(rr.respondentId, respondents.id),
        eq(reminderJobs.status, "running"),
        inArray(rr.status, ["pending", "sending"]),
      ),
    );

  return db
    .select({ respondentId: respondents.id, language: respondents.language })
    .from(respondents)
    .innerJoin(contacts, eq(contacts.respondentId, respondents.id))
    .where(
      and(
        eq(contacts.channel, options.channel),
        eq(respondents.stage, "answering"),
        reachable(),
        lte(respondents.lastActivityAt, cutoff),
        sql`${lastReminder} <= ${cutoff}`,
        sql`${automaticSoFar} < ${options.maxPerTeacher}`,
        notExists(queued),
      ),
    )
    .orderBy(respondents.id)
    .all();
}

/**
 * Creates the automatic reminders; `start` schedules them, `check` runs one look now.
 * Quiet hours are checked before each batch, so a batch started at 20:59:59 (about two
 * seconds of sends) may end just after 21:00.
 */
export function createAutoReminders(deps: AutoRemindersDeps) {
  const { settings, logger } = deps;
  let cron: Cron | undefined;

  /** One look: resumes automatic jobs paused by quiet hours, then queues the stalled. */
  function check(): number | undefined {
    const now = deps.clock();
    if (isQuiet(settings.quietHours, now)) return undefined;
    void deps.queue.resume();

    const recipients = selectStalled(deps.database, {
      channel: deps.channel,
      afterHours: settings.afterHours,
      maxPerTeacher: settings.maxPerTeacher,
      now,
    });
    if (recipients.length === 0) return undefined;
    const jobId = deps.jobs.create({
      kind: "auto",
      audience: { segment: "in_progress" },
      texts: null,
      createdBy: "auto",
      staffLanguage: null,
      recipients,
      now,
    });
    recordAudit(
      deps.database,
      {
        actor: "auto",
        action: "reminder.start",
        detail: { job: jobId, recipients: recipients.length },
      },
      now,
    );
    logger.info({ job: jobId, recipients: recipients.length }, "automatic reminders queued");
    void deps.queue.run(jobId);
    return jobId;
  }

  return {
    check,

    /** Whether automatic jobs may send at this moment. */
    mayRun: () => !isQuiet(settings.quietHours, deps.clock()),

    start(): void {
      cron = new Cron(
        settings.cron,
        {
          timezone: STUDY_TIME_ZONE,
          protect: true,
          catch: (error) => logger.error({ err: String(error) }, "automatic reminder check failed"),
        },
        () => void check(),
      );
    },

    stop(): void {
      cron?.stop();
    },
  };
}

/** The automatic reminders of one deployment. */
export type AutoReminders = ReturnType<typeof createAutoReminders>;
