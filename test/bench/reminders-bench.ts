/**
 * Section 5: a reminder job to N teachers still answering, sent by the deployment's own job
 * runner against the Bot API emulator with a global flood limit. The job is stored first and
 * the bot then started, so it runs the way a restart resumes it; the emulator's record of
 * calls gives the pace achieved and every 429 it answered.
 */
import { join } from "node:path";
import { createSaualnama } from "../../src/compose.js";
import { parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { createJobStore } from "../../src/reminders/job-store.js";
import { createSegments } from "../../src/reminders/segments.js";
import { loadTeacherSurvey } from "../../src/survey-setup.js";
import { startEmulator } from "../support/bot-api-emulator.js";
import { round } from "./figures.js";
import { seedResponses } from "./seed-responses.js";

/** Figures of section 5. */
export interface RemindersFigures {
  recipients: number;
  capPerSecond: number;
  /** The pace the bot was configured with (REMINDER_RATE_PER_SECOND). */
  configuredPerSecond: number;
  sent: number;
  /** Reminders sent per second, from the first to the last. */
  achievedPerSecond: number;
  fractionOfCap: number;
  /** Every request the flood limit counted in that time (reminders, progress edits, retries). */
  allRequestsPerSecond: number;
  /** 429 answers of the emulator during the job, to any call. */
  tooManyRequests: number;
  seconds: number;
}

/** How section 5 runs. */
export interface RemindersBenchOptions {
  recipients: number;
  capPerSecond: number;
  seed: number;
  dir: string;
}

/** The coordinator who starts the job and watches its progress message. */
const COORDINATOR = 777_000;

/** Sends one job to `recipients` teachers and reads the pace off the emulator. */
export async function benchReminders(options: RemindersBenchOptions): Promise<RemindersFigures> {
  const { recipients, capPerSecond } = options;
  // Each completed response brings a tenth as many still answering: the job's audience.
  const path = join(options.dir, "reminders.db");
  seedResponses(path, loadTeacherSurvey(), recipients * 10, options.seed);

  const emu = await startEmulator({ rateLimit: { perSecond: capPerSecond } });
  const parsed = parseConfig({
    BOT_TOKEN: emu.token,
    BOT_API_ROOT: emu.apiRoot,
    DATABASE_PATH: path,
    COORDINATOR_IDS: String(COORDINATOR),
    REMINDER_RATE_PER_SECOND: String(capPerSecond),
    LOG_LEVEL: "silent",
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const app = await createSaualnama(parsed.config, createLogger("silent"));
  try {
    const jobs = createJobStore(app.database);
    const audience = { segment: "in_progress" as const };
    const candidates = createSegments(app.database, {
      schools: app.schools,
      channel: "telegram",
    }).select(audience);
    if (candidates.length !== recipients)
      throw new Error(`the audience holds ${candidates.length} teachers, not ${recipients}`);
    const jobId = jobs.create({
      kind: "manual",
      audience,
      texts: null,
      createdBy: String(COORDINATOR),
      staffLanguage: "kk",
      recipients: candidates,
      now: Date.now(),
    });

    const started = performance.now();
    await app.start();
    const deadline = started + ((recipients / capPerSecond) * 3 + 60) * 1000;
    while (jobs.job(jobId)?.status === "running") {
      if (performance.now() > deadline) throw new Error("the reminder job did not finish in time");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;

    const sends = emu
      .callsTo("sendMessage")
      .filter((call) => call.response.ok && call.params.chat_id !== COORDINATOR);
    const times = sends.map((call) => call.at);
    const first = Math.min(...times);
    const last = Math.max(...times);
    const achieved = sends.length > 1 ? (sends.length - 1) / ((last - first) / 1000) : 0;
    const counted = emu.calls.filter(
      (call) => call.params.chat_id !== undefined && call.at >= first && call.at <= last,
    );
    const tooManyRequests = emu.calls.filter(
      (call) => !call.response.ok && call.response.error_code === 429,
    ).length;
    return {
      recipients,
      capPerSecond,
      configuredPerSecond: parsed.config.REMINDER_RATE_PER_SECOND,
      sent: jobs.counts(jobId).sent,
      achievedPerSecond: round(achieved, 2),
      fractionOfCap: round(achieved / capPerSecond, 4),
      allRequestsPerSecond: round(counted.length / Math.max(0.001, (last - first) / 1000), 2),
      tooManyRequests,
      seconds: round(seconds, 1),
    };
  } finally {
    await app.stop();
    await emu.stop();
  }
}
