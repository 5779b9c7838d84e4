/**
 * Reminders as a staff feature: /remind for coordinators (and admins), the teacher's buttons
 * under each reminder, blocked/unblocked notes, the send queue that survives restarts, and
 * the optional automatic reminders. Wired once in src/compose.ts.
 */

import { autoRetry } from "@grammyjs/auto-retry";
import {
  type ConversationFlavor,
  conversations,
  createConversation,
} from "@grammyjs/conversations";
import { Composer, type Context, type Transformer } from "grammy";
import { canAct, roleOf, type StaffIds } from "../../../app/roles.js";
import type { SurveySessions } from "../../../app/survey-sessions.js";
import type { Config } from "../../../config.js";
import type { Translations } from "../../../i18n.js";
import type { Logger } from "../../../logger.js";
import { type AutoReminders, createAutoReminders } from "../../../reminders/auto-reminders.js";
import { createJobStore } from "../../../reminders/job-store.js";
import { createPacer } from "../../../reminders/pacing.js";
import { createSegments } from "../../../reminders/segments.js";
import { createSendQueue } from "../../../reminders/send-queue.js";
import type { SchoolDirectory } from "../../../schools.js";
import { recordAudit } from "../../../storage/audit.js";
import type { Database } from "../../../storage/database.js";
import { promptById } from "../../../survey/engine.js";
import type { PromptList } from "../../../survey/prompts.js";
import type { StaffFeature } from "../staff-feature.js";
import { guessLanguage, TELEGRAM } from "../survey-handlers.js";
import { createBulkApi } from "./bulk-api.js";
import { decodeReminderButton } from "./callback-data.js";
import { REMIND_DIALOG, remindDialog } from "./remind-dialog.js";
import { teacherReminderHandlers } from "./teacher-handlers.js";
import { telegramProgressDisplay, telegramReminderChannel } from "./telegram-reminders.js";

export interface RemindersFeatureDeps {
  config: Config;
  logger: Logger;
  database: Database;
  sessions: SurveySessions;
  prompts: PromptList;
  schools: SchoolDirectory;
  translations: Translations;
  staffIds: StaffIds;
  fetch?: typeof fetch;
}

/** Builds the feature; `start` resumes unfinished jobs and starts the schedule. */
export function createRemindersFeature(deps: RemindersFeatureDeps): StaffFeature {
  const { config, logger, database, translations } = deps;
  const clock = Date.now;
  const perSecond = config.REMINDER_RATE_PER_SECOND;
  const pacer = createPacer(perSecond);
  const api = createBulkApi({
    token: config.BOT_TOKEN,
    apiRoot: config.BOT_API_ROOT,
    fetch: deps.fetch,
    pacer,
    onTooManyRequests: (retryAfter) =>
      logger.warn({ retryAfter }, "Telegram asked reminders to slow down (429)"),
  });
  const jobs = createJobStore(database);
  const segments = createSegments(database, { schools: deps.schools, channel: TELEGRAM });

  // Every call the bot makes to a chat outside the queue takes its share of the budget, and
  // a 429 it sees pauses the bulk sends too.
  // Installed inside auto-retry on every client, so each attempt, retries included, counts.
  const sharesBudget: Transformer = async (prev, method, payload, signal) => {
    if (payload && "chat_id" in payload) pacer.reserve();
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 429)
      pacer.pause((result.parameters?.retry_after ?? 0) * 1000);
    return result;
  };

  let auto: AutoReminders | undefined;
  const queue = createSendQueue({
    jobs,
    channel: telegramReminderChannel(api, translations, logger),
    display: telegramProgressDisplay(api, translations, logger),
    pacer,
    clock,
    logger,
    perSecond,
    mayRun: (job) => job.kind === "manual" || (auto?.mayRun() ?? true),
    // The audit log gets each job's start, cancel and end with counts; the outcome of each
    // single send is the recipient's row in reminder_recipients.
    onEnded: (job, counts, ended) =>
      recordAudit(database, {
        actor: job.createdBy,
        action: `reminder.${ended}`,
        detail: { job: job.id, ...counts },
      }),
  });
  const afterHours = config.AUTO_REMIND_AFTER_HOURS;
  if (afterHours !== undefined) {
    auto = createAutoReminders({
      database,
      jobs,
      queue,
      channel: TELEGRAM,
      clock,
      logger,
      settings: {
        afterHours,
        maxPerTeacher: config.AUTO_REMIND_MAX,
        quietHours: config.QUIET_HOURS,
        cron: config.AUTO_REMIND_CRON,
      },
    });
  }

  const q3 = promptById(deps.prompts, "q3");
  const dialog = remindDialog({
    segments,
    schools: deps.schools,
    districts: q3?.kind === "single" ? q3.options : [],
    translations,
    perSecond,
    quietHours: config.QUIET_HOURS,
    createJob(draft, staff) {
      const recipients = segments.select(draft.audience);
      if (recipients.length === 0) return undefined;
      const now = clock();
      const jobId = jobs.create({
        kind: "manual",
        audience: draft.audience,
        texts: draft.texts,
        createdBy: staff.id,
        staffLanguage: staff.language,
        recipients,
        now,
      });
      const { audience } = draft;
      recordAudit(
        database,
        {
          actor: staff.id,
          action: "reminder.start",
          detail: { job: jobId, ...audience, recipients: recipients.length, custom: !!draft.texts },
        },
        now,
      );
      return { jobId, total: recipients.length };
    },
    startJob: (jobId) => void queue.run(jobId),
  });

  // The conversations plugin types its context with `ctx.conversation`; the staff branch is
  // typed that way inside and handed to the bot as a plain Context composer.
  // Known shortcoming: the plugin refuses to be installed twice on one update, so a second
  // staff feature wanting conversations must share this one (or it moves to create-bot).
  const staff = new Composer<ConversationFlavor<Context>>();
  staff.use(conversations());
  staff.use(
    createConversation(dialog, {
      id: REMIND_DIALOG,
      // The plugin calls the Bot API through its own client, without the bot's transformers.
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(sharesBudget);
          ctx.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 120 }));
          await next();
        },
      ],
    }),
  );
  staff.command("remind", (ctx) => ctx.conversation.enter(REMIND_DIALOG));
  staff.callbackQuery(/^r:x:/, async (ctx) => {
    const button = decodeReminderButton(ctx.callbackQuery.data);
    const t = translations.t(guessLanguage(ctx));
    const jobId = button?.type === "cancel-job" ? button.jobId : undefined;
    const cancelled = jobId !== undefined && queue.cancel(jobId);
    await ctx.answerCallbackQuery({
      text: t(cancelled ? "reminders:cancel.done" : "reminders:cancel.not_running"),
    });
    if (cancelled)
      recordAudit(database, {
        actor: String(ctx.from.id),
        action: "reminder.cancel",
        detail: { job: jobId },
      });
  });
  // A dialog button pressed after its dialog ended (finished, timed out, or lost in a restart).
  staff.callbackQuery(/^r:(g|d|s|t|ok|no)(:|$)/, (ctx) =>
    ctx.answerCallbackQuery({
      text: translations.t(guessLanguage(ctx))("reminders:compose.expired"),
    }),
  );

  const composer = new Composer<Context>();
  composer.use(
    teacherReminderHandlers(database, {
      sessions: deps.sessions,
      translations,
      facts: {
        totalQuestions: deps.prompts.survey.questions.length,
        firstPromptId: deps.prompts.prompts[0]?.id ?? "",
      },
    }),
  );
  composer.filter(
    (ctx) => canAct(roleOf(deps.staffIds, ctx.from?.id), "coordinator"),
    staff as unknown as Composer<Context>,
  );

  return {
    composer,
    commands: [
      { command: "remind", descriptionKey: "reminders:commands.remind", role: "coordinator" },
    ],
    transformer: sharesBudget,
    start() {
      void queue.resume();
      auto?.start();
    },
    async stop() {
      auto?.stop();
      await queue.stop();
    },
  };
}
