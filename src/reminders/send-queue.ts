/**
 * The send queue: runs reminder jobs recipient by recipient at the pacer's speed, records
 * each outcome before going on, shows progress every few seconds, and after a restart
 * continues the jobs still running without sending anybody a second reminder.
 *
 * Delivery is at most once. A recipient is marked "sending" in SQLite just before the
 * request leaves and settled when Telegram answers; a crash in between leaves "sending",
 * which a restart settles as failed ("interrupted") instead of retrying. The price: the few
 * teachers whose request was in flight at the crash (about perSecond x round-trip time, so
 * one or two) may get no reminder from that job, and are counted as failed.
 */
import type { Clock } from "../app/ports.js";
import type { Logger } from "../logger.js";
import type { Job, JobStore, PendingRecipient } from "./job-store.js";
import type { Pacer } from "./pacing.js";
import type {
  CustomTexts,
  JobCounts,
  JobProgress,
  ProgressDisplay,
  ReminderChannel,
} from "./ports.js";
import { stagesOf } from "./segments.js";

export interface SendQueueDeps {
  jobs: JobStore;
  channel: ReminderChannel;
  display: ProgressDisplay;
  pacer: Pacer;
  clock: Clock;
  logger: Logger;
  /** The configured pace, for the first estimate of the time left. */
  perSecond: number;
  /** Whether a job may send now; automatic jobs wait out quiet hours. */
  mayRun?: (job: Job) => boolean;
  /** Called once when a job ends, e.g. to write the audit log. */
  onEnded?: (job: Job, counts: JobCounts, ended: "done" | "cancelled") => void;
  /** How often the progress message is edited. Default 3 s. */
  progressEveryMs?: number;
}

interface Run {
  cancelled: boolean;
  startedAt: number;
  /** Recipients settled by this run, for the measured pace. */
  settled: number;
  reporting: boolean;
  done: Promise<void>;
}

/** Why a recipient is no longer eligible when fetched (about 2 s before their turn), if so. */
function whyIneligible(job: Job, recipient: PendingRecipient): string | undefined {
  if (recipient.unreachable) return "unreachable";
  if (recipient.optedOut) return "opted_out";
  if (recipient.tester) return "tester";
  if (!stagesOf[job.segment].includes(recipient.stage)) return "stage";
  return undefined;
}

function textsOf(job: Job): CustomTexts {
  return job.textKk !== null && job.textRu !== null ? { kk: job.textKk, ru: job.textRu } : null;
}

/** Creates the queue; nothing runs until `run` or `resume` is called. */
export function createSendQueue(deps: SendQueueDeps) {
  const { jobs, pacer, clock, logger } = deps;
  const progressEveryMs = deps.progressEveryMs ?? 3000;
  // About two seconds of sends wait in the pacer: enough to keep it busy, few enough that a
  // recipient's eligibility is checked shortly before their turn.
  const lookahead = Math.min(500, Math.max(20, Math.ceil(deps.perSecond * 2)));
  const active = new Map<number, Run>();
  let stopping = false;

  async function sendOne(job: Job, recipient: PendingRecipient, run: Run): Promise<void> {
    if (run.cancelled || stopping) return;
    if (!jobs.claim(job.id, recipient.respondentId, clock())) return;

    const outcome = await deps.channel.send({
      address: recipient.address,
      language: recipient.language,
      segment: job.segment,
      texts: textsOf(job),
    });
    const reason = outcome.status === "sent" ? null : outcome.reason;
    jobs.settle(job.id, recipient.respondentId, outcome.status, reason, clock());
    if (outcome.status === "unreachable") jobs.markUnreachable(recipient.respondentId);
    run.settled += 1;
  }

  function progressOf(job: Job, run: Run, ended?: "done" | "cancelled"): JobProgress {
    const counts = jobs.counts(job.id);
    const elapsedS = (clock() - run.startedAt) / 1000;
    const pace = run.settled > 0 && elapsedS > 0 ? run.settled / elapsedS : deps.perSecond;
    return {
      jobId: job.id,
      segment: job.segment,
      watcher:
        job.kind === "manual" ? { id: job.createdBy, language: job.staffLanguage ?? "kk" } : null,
      progressMessageId: jobs.job(job.id)?.progressMessageId ?? null,
      counts,
      etaMs: ended ? 0 : Math.round((counts.remaining / Math.min(pace, deps.perSecond)) * 1000),
      ended,
    };
  }

  /** Shows the progress through the pacer: edits count against the same budget. */
  async function report(job: Job, run: Run): Promise<void> {
    if (job.kind !== "manual" || run.reporting) return;
    run.reporting = true;
    try {
      const progress = progressOf(job, run);
      const messageId = await pacer.schedule(`progress:${job.id}`, () =>
        deps.display.show(progress),
      );
      if (messageId !== null && messageId !== progress.progressMessageId)
        jobs.setProgressMessage(job.id, messageId);
    } catch (error) {
      logger.warn({ job: job.id, err: String(error) }, "reminder progress not shown");
    } finally {
      run.reporting = false;
    }
  }

  /**
   * Feeds the pacer one recipient at a time, keeping `lookahead` of them scheduled, so the
   * pace never waits for a slow or refused send: only the pacer sets the speed. True when
   * every recipient has been tried.
   */
  async function sendAll(job: Job, run: Run): Promise<boolean> {
    const scheduled = new Set<Promise<void>>();
    let failure: { reason: unknown } | undefined;
    let after: string | undefined;
    let exhausted = false;
    while (!run.cancelled && !stopping && !failure && (deps.mayRun?.(job) ?? true)) {
      if (scheduled.size >= lookahead) {
        await Promise.race(scheduled);
        continue;
      }
      const batch = jobs.nextPending(job.id, lookahead - scheduled.size, after);
      if (batch.length === 0) {
        exhausted = true;
        break;
      }
      after = batch[batch.length - 1]?.respondentId;
      // Those no longer eligible are settled at once, without taking a slot of the pace.
      const now = clock();
      for (const recipient of batch) {
        const why = whyIneligible(job, recipient);
        if (why) {
          jobs.settle(job.id, recipient.respondentId, "skipped", why, now);
          continue;
        }
        const sending: Promise<void> = pacer
          .schedule(recipient.respondentId, () => sendOne(job, recipient, run))
          .catch((reason: unknown) => {
            failure ??= { reason };
          })
          .finally(() => scheduled.delete(sending));
        scheduled.add(sending);
      }
    }
    await Promise.all(scheduled);
    // A stop drops the sends still waiting: they stay pending for the next start.
    if (stopping) return false;
    if (failure) throw failure.reason;
    return exhausted;
  }

  async function drive(job: Job, run: Run): Promise<void> {
    const interrupted = jobs.settleInterrupted(job.id, clock());
    if (interrupted > 0)
      logger.warn({ job: job.id, interrupted }, "reminders in flight at a crash: not resent");
    logger.info({ job: job.id, kind: job.kind, segment: job.segment }, "reminder job running");

    await report(job, run);
    const timer = setInterval(() => void report(job, run), progressEveryMs);
    let exhausted = false;
    try {
      exhausted = await sendAll(job, run);
    } finally {
      clearInterval(timer);
    }
    if (!run.cancelled && !exhausted) {
      logger.info({ job: job.id }, "reminder job paused; it resumes later");
      return;
    }

    // The end: cancelled or every recipient tried.
    if (run.cancelled) jobs.cancelPending(job.id, clock());
    const ended = run.cancelled ? "cancelled" : "done";
    jobs.finish(job.id, ended, clock());
    const final = progressOf(job, run, ended);
    logger.info({ job: job.id, ended, ...final.counts }, "reminder job ended");
    deps.onEnded?.(job, final.counts, ended);
    if (job.kind === "manual") {
      await pacer
        .schedule(`progress:${job.id}`, () => deps.display.finish(final))
        .catch((error) => logger.warn({ job: job.id, err: String(error) }, "summary not shown"));
    }
  }

  /** Starts (or continues) a running job unless it is already being sent. */
  function run(jobId: number): Promise<void> {
    const existing = active.get(jobId);
    if (existing) return existing.done;
    const job = jobs.job(jobId);
    if (job?.status !== "running" || stopping) return Promise.resolve();

    const state: Run = {
      cancelled: false,
      startedAt: clock(),
      settled: 0,
      reporting: false,
      done: Promise.resolve(),
    };
    state.done = drive(job, state)
      .catch((error) => logger.error({ job: jobId, err: String(error) }, "reminder job failed"))
      .finally(() => active.delete(jobId));
    active.set(jobId, state);
    return state.done;
  }

  return {
    run,

    /** Continues every job still running, e.g. at start or after quiet hours. */
    async resume(): Promise<void> {
      await Promise.all(jobs.running().map((job) => run(job.id)));
    },

    /**
     * Cancels a running job: requests in flight finish, recipients not yet tried get nothing,
     * and the summary follows. False if the job is not running, or already being cancelled
     * (a second press, or a second coordinator), so only the first cancel counts.
     */
    cancel(jobId: number): boolean {
      const running = active.get(jobId);
      if (running) {
        if (running.cancelled) return false;
        running.cancelled = true;
        return true;
      }
      const job = jobs.job(jobId);
      if (job?.status !== "running") return false;
      jobs.cancelPending(jobId, clock());
      jobs.finish(jobId, "cancelled", clock());
      return true;
    },

    /** Lets requests in flight finish and leaves the rest pending for the next start. */
    async stop(): Promise<void> {
      stopping = true;
      const runs = [...active.values()].map((state) => state.done);
      await pacer.stop();
      await Promise.all(runs);
    },
  };
}

/** The send queue of one deployment. */
export type SendQueue = ReturnType<typeof createSendQueue>;
