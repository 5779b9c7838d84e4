/**
 * After the study has ended the bot takes no new answers: every teacher's update is told so,
 * and nothing is stored. Staff pass to their own commands, so admins can still back up and
 * read what remains, but not on to the survey.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { Translations } from "../../../i18n.js";
import { studyEndReader } from "../../../privacy/study-end.js";
import type { Database } from "../../../storage/database.js";
import { answerPress } from "../deliver.js";
import { guessLanguage } from "../survey-handlers.js";

/**
 * Passes updates on while the study runs; afterwards answers them with a notice, except
 * those `mayPass` lets through (staff, on their way to their own commands). `mayPass` is
 * asked first, so the updates it passes cost no read of the database.
 */
export function studyClosed(
  database: Database,
  translations: Translations,
  mayPass: (ctx: Context) => boolean,
): MiddlewareFn<Context> {
  const studyEndedAt = studyEndReader(database);
  // The end is final, so once seen it need not be read from the database again.
  let ended = false;
  return async (ctx, next) => {
    if (mayPass(ctx)) return next();
    ended ||= studyEndedAt() !== undefined;
    if (!ended) return next();
    const notice = translations.t(guessLanguage(ctx))("privacy:study_ended");
    if (ctx.callbackQuery) return answerPress(ctx, notice);
    if (ctx.message) await ctx.reply(notice);
  };
}
