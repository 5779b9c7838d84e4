/**
 * The composition root shared by `npm start`, the tests and the benchmark: configuration in,
 * a ready bot and its database out. Nothing here runs until `start` is called.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type RunnerHandle, run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { StaffIds } from "./app/roles.js";
import { createSurveySessions, type SurveySessions } from "./app/survey-sessions.js";
import { createAdminFeature } from "./channels/telegram/admin/feature.js";
import { setCommandMenus } from "./channels/telegram/command-menus.js";
import { createTelegramBot } from "./channels/telegram/create-bot.js";
import { createPrivacyFeature } from "./channels/telegram/privacy/feature.js";
import { createRemindersFeature } from "./channels/telegram/reminders/feature.js";
import type { StaffFeature } from "./channels/telegram/staff-feature.js";
import type { Config } from "./config.js";
import { loadTranslations, type Translations } from "./i18n.js";
import type { Logger } from "./logger.js";
import { loadSchools, type SchoolDirectory } from "./schools.js";
import { type Database, openDatabase } from "./storage/database.js";
import { pruneProcessedUpdates } from "./storage/maintenance.js";
import { openReportsConnection } from "./storage/reports-connection.js";
import { createSessionStore } from "./storage/session-store.js";
import type { PromptList } from "./survey/prompts.js";
import { loadTeacherSurvey } from "./survey-setup.js";

/** Everything a running deployment holds. */
export interface Saualnama {
  bot: Bot;
  database: Database;
  sessions: SurveySessions;
  prompts: PromptList;
  schools: SchoolDirectory;
  translations: Translations;
  /** Starts long polling; resolves once the bot is polling. */
  start(): Promise<void>;
  /** Stops polling after the updates in flight are handled, then closes the database. */
  stop(): Promise<void>;
}

/** A pseudonymous respondent id: random, carrying nothing about the person. */
export function newRespondentId(): string {
  return `R${randomBytes(6).toString("hex").toUpperCase()}`;
}

/** Wires the deployment described by `config`. */
export async function createSaualnama(
  config: Config,
  logger: Logger,
  options: { fetch?: typeof fetch } = {},
): Promise<Saualnama> {
  const prompts = loadTeacherSurvey();
  const schools = loadSchools(config.SCHOOLS_FILE);
  const translations = await loadTranslations();
  const database = openDatabase(config.DATABASE_PATH, { backgroundCheckpoints: true });
  const reports = openReportsConnection(database, config.DATABASE_PATH);
  pruneProcessedUpdates(database, Date.now());

  const store = createSessionStore(database, prompts.survey);
  const sessions = createSurveySessions({
    store,
    prompts,
    clock: Date.now,
    newRespondentId,
    isKnownSchool: (code) => schools.byCode(code) !== undefined,
    onUnknownSchool: () => logger.warn("start link with an unknown school code"),
  });
  const staffIds: StaffIds = { admins: config.ADMIN_IDS, coordinators: config.COORDINATOR_IDS };
  // Each staff feature registers here; they see private updates before the survey does.
  const shared = { database, sessions, prompts, schools, translations, staffIds, logger };
  const staff: StaffFeature[] = [
    createPrivacyFeature({ ...shared, config }),
    createAdminFeature({ ...shared, reports }),
    createRemindersFeature({ ...shared, config, fetch: options.fetch }),
  ];

  const facts = {
    totalQuestions: prompts.survey.questions.length,
    firstPromptId: prompts.prompts[0]?.id ?? "",
  };
  const bot = createTelegramBot({
    token: config.BOT_TOKEN,
    apiRoot: config.BOT_API_ROOT,
    logger,
    sessions,
    translations,
    facts,
    staff: staff.map((feature) => feature.composer),
    surveyGuards: staff.flatMap((feature) => (feature.surveyGuard ? [feature.surveyGuard] : [])),
    transformers: staff.flatMap((feature) => (feature.transformer ? [feature.transformer] : [])),
    fetch: options.fetch,
  });

  let runner: RunnerHandle | undefined;
  return {
    bot,
    database,
    sessions,
    prompts,
    schools,
    translations,
    async start() {
      // One getMe without grammY's endless retries of bot.init(): an unreachable BOT_API_ROOT
      // fails the start with advice (see start-advice.ts) instead of hanging in silence.
      bot.botInfo = await bot.api.getMe();
      const staffCommands = staff.flatMap((feature) => feature.commands);
      await setCommandMenus(bot.api, translations, staffIds, staffCommands);
      runner = run(bot, {
        runner: {
          silent: true,
          fetch: {
            allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"],
          },
        },
      });
      for (const feature of staff) feature.start?.(bot.api);
      logger.info({ bot: bot.botInfo.username }, "polling for updates");
    },
    async stop() {
      if (runner?.isRunning()) {
        await runner.stop();
        // stop() ends polling but does not wait for the updates being handled; they finish
        // (replies sent, rows written) before the database closes.
        while (runner.size() > 0) await sleep(20);
      }
      for (const feature of staff) await feature.stop?.();
      if (reports !== database) reports.close();
      database.close();
    },
  };
}
