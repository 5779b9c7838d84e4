/**
 * A reminder job of N recipients against any Bot API root, for the benchmark: the real queue,
 * pacer, bulk client and SQLite (a temp file), measured from the first send to the last.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { Translations } from "../../../i18n.js";
import { createJobStore } from "../../../reminders/job-store.js";
import { createPacer } from "../../../reminders/pacing.js";
import type { ProgressDisplay, ReminderChannel } from "../../../reminders/ports.js";
import { createSendQueue } from "../../../reminders/send-queue.js";
import { openDatabase } from "../../../storage/database.js";
import { contacts, respondents } from "../../../storage/schema.js";
import { createBulkApi } from "./bulk-api.js";
import { telegramReminderChannel } from "./telegram-reminders.js";

export interface ReminderBenchmarkOptions {
  apiRoot: string;
  token: string;
  recipients: number;
  /** The pace to configure (REMINDER_RATE_PER_SECOND). */
  perSecond: number;
  translations: Translations;
  /** Chat ids are firstChatId, firstChatId + 1, ...; default 700000000. */
  firstChatId?: number;
  fetch?: typeof fetch;
}

export interface ReminderBenchmarkResult {
  recipients: number;
  sent: number;
  failed: number;
  unreachable: number;
  /** 429 answers seen (each retried after its retry_after). */
  tooManyRequests: number;
  /** From the first request leaving to the last answer. */
  elapsedMs: number;
  /** Recipients settled per second over that time. */
  achievedPerSecond: number;
}

const noProgress: ProgressDisplay = { show: async () => null, finish: async () => undefined };

/** Runs one job to the end and reports its pace; the temp database is removed after. */
export async function benchmarkReminders(
  options: ReminderBenchmarkOptions,
): Promise<ReminderBenchmarkResult> {
  const dir = mkdtempSync(join(tmpdir(), "saualnama-remind-bench-"));
  const database = openDatabase(join(dir, "bench.db"));
  try {
    const logger = pino({ level: "silent" });
    let tooManyRequests = 0;
    const pacer = createPacer(options.perSecond);
    const api = createBulkApi({
      token: options.token,
      apiRoot: options.apiRoot,
      fetch: options.fetch,
      pacer,
      onTooManyRequests: () => {
        tooManyRequests += 1;
      },
    });

    // Teachers who stopped at q8, each reachable in their own chat.
    const firstChatId = options.firstChatId ?? 700_000_000;
    const now = Date.now();
    const ids = Array.from({ length: options.recipients }, (_, i) => `RBENCH${i}`);
    database.sqlite.transaction(() => {
      ids.forEach((id, i) => {
        database.db
          .insert(respondents)
          .values({
            id,
            surveyId: "bench",
            surveyVersion: 1,
            language: i % 2 === 0 ? "kk" : "ru",
            stage: "answering",
            cursor: "q8",
            startedAt: now,
            lastActivityAt: now,
          })
          .run();
        database.db
          .insert(contacts)
          .values({ respondentId: id, channel: "telegram", address: String(firstChatId + i) })
          .run();
      });
    })();

    const jobs = createJobStore(database);
    const jobId = jobs.create({
      kind: "auto",
      audience: { segment: "in_progress" },
      texts: null,
      createdBy: "bench",
      staffLanguage: null,
      recipients: ids.map((respondentId) => ({ respondentId, language: null })),
      now,
    });
    let first = 0;
    let last = 0;
    const telegram = telegramReminderChannel(api, options.translations, logger);
    const timed: ReminderChannel = {
      async send(delivery) {
        if (first === 0) first = performance.now();
        const outcome = await telegram.send(delivery);
        last = performance.now();
        return outcome;
      },
    };
    const queue = createSendQueue({
      jobs,
      channel: timed,
      display: noProgress,
      pacer,
      clock: Date.now,
      logger,
      perSecond: options.perSecond,
    });
    await queue.run(jobId);
    await queue.stop();

    const counts = jobs.counts(jobId);
    const elapsedMs = last - first;
    const settled = counts.sent + counts.failed + counts.unreachable;
    return {
      recipients: options.recipients,
      sent: counts.sent,
      failed: counts.failed,
      unreachable: counts.unreachable,
      tooManyRequests,
      elapsedMs: Math.round(elapsedMs),
      achievedPerSecond: elapsedMs > 0 ? ((settled - 1) * 1000) / elapsedMs : 0,
    };
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
