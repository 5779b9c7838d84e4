/**
 * The send queue on its real parts, without the bot: a temp database, the emulator, the bulk
 * client, the Telegram channel and progress display, and a clock the test can move.
 */
import { pino } from "pino";
import { createBulkApi } from "../../src/channels/telegram/reminders/bulk-api.js";
import {
  telegramProgressDisplay,
  telegramReminderChannel,
} from "../../src/channels/telegram/reminders/telegram-reminders.js";
import { loadTranslations } from "../../src/i18n.js";
import {
  createJobStore,
  type Job,
  type JobStore,
  type NewJob,
} from "../../src/reminders/job-store.js";
import { createPacer } from "../../src/reminders/pacing.js";
import { createSendQueue, type SendQueue } from "../../src/reminders/send-queue.js";
import type { Database } from "../../src/storage/database.js";
import {
  type BotApiEmulator,
  type EmulatorOptions,
  startEmulator,
} from "../support/bot-api-emulator.js";
import { manyTeachers, seedTeachers, tempDatabase } from "./helpers.js";

export interface QueueFixture {
  emu: BotApiEmulator;
  database: Database;
  jobs: JobStore;
  /** Makes a new queue (as a restarted process would), with its own pacer and client. */
  newQueue(options?: {
    perSecond?: number;
    mayRun?: (job: Job) => boolean;
    /** The bulk client's fetch, e.g. one that holds some requests on their way. */
    fetch?: typeof fetch;
  }): SendQueue;
  /** The time the queue sees; tests may set it. */
  clock: { now: number };
  close(): Promise<void>;
}

/** Starts an emulator and a fresh database for queue tests. */
export async function queueFixture(emulatorOptions: EmulatorOptions = {}): Promise<QueueFixture> {
  const emu = await startEmulator(emulatorOptions);
  const temp = tempDatabase();
  const translations = await loadTranslations();
  const logger = pino({ level: "silent" });
  const jobs = createJobStore(temp.database);
  const clock = { now: Date.now() };
  const queues: SendQueue[] = [];
  return {
    emu,
    database: temp.database,
    jobs,
    clock,
    newQueue(options = {}) {
      const perSecond = options.perSecond ?? 100;
      const pacer = createPacer(perSecond);
      const api = createBulkApi({
        token: emu.token,
        apiRoot: emu.apiRoot,
        pacer,
        fetch: options.fetch,
      });
      const queue = createSendQueue({
        jobs,
        channel: telegramReminderChannel(api, translations, logger),
        display: telegramProgressDisplay(api, translations, logger),
        pacer,
        clock: () => clock.now,
        logger,
        perSecond,
        mayRun: options.mayRun,
        progressEveryMs: 200,
      });
      queues.push(queue);
      return queue;
    },
    async close() {
      for (const queue of queues) await queue.stop();
      await emu.stop();
      temp.remove();
    },
  };
}

/**
 * Seeds `n` teachers from chat `firstChat` and a job to all of them: by default a manual one
 * from a coordinator, `job` changes any field. Returns the job, its teachers and their chats.
 */
export function seedJob(fx: QueueFixture, n: number, firstChat: number, job: Partial<NewJob> = {}) {
  const teachers = manyTeachers(n, firstChat);
  seedTeachers(fx.database.sqlite, teachers);
  const jobId = fx.jobs.create({
    kind: "manual",
    audience: { segment: "in_progress" },
    texts: null,
    createdBy: "900",
    staffLanguage: "kk",
    recipients: teachers.map((t) => ({ respondentId: t.respondentId, language: null })),
    now: fx.clock.now,
    ...job,
  });
  return { jobId, teachers, chats: new Set(teachers.map((t) => t.chatId)) };
}
