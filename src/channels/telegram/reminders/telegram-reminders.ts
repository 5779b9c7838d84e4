/**
 * The Telegram side of the send queue: sending one reminder, and the coordinator's progress
 * message and summary. Telegram's refusals become outcomes; nothing here throws.
 */
import { type Api, GrammyError, HttpError } from "grammy";
import type { Translations } from "../../../i18n.js";
import type { Logger } from "../../../logger.js";
import type {
  JobProgress,
  ProgressDisplay,
  ReminderChannel,
  SendOutcome,
} from "../../../reminders/ports.js";
import { describe } from "../create-bot.js";
import { isHarmlessEditError } from "../deliver.js";
import { progressMessage, reminderMessage, summaryText } from "./render.js";

/** A send error as an outcome: 403 means the teacher blocked the bot (or left Telegram). */
export function outcomeOf(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const reason = String(error.error_code);
    return error.error_code === 403
      ? { status: "unreachable", reason }
      : { status: "failed", reason };
  }
  return { status: "failed", reason: error instanceof HttpError ? "network" : "error" };
}

/** Sends reminders to Telegram chats over `api` (the bulk client). */
export function telegramReminderChannel(
  api: Api,
  translations: Translations,
  logger: Logger,
): ReminderChannel {
  return {
    async send(delivery) {
      const message = reminderMessage(delivery, translations);
      try {
        await api.sendMessage(Number(delivery.address), message.text, {
          reply_markup: { inline_keyboard: message.keyboard },
        });
        return { status: "sent" };
      } catch (error) {
        const outcome = outcomeOf(error);
        if (outcome.status === "failed") logger.warn({ err: describe(error) }, "reminder not sent");
        return outcome;
      }
    },
  };
}

/** Shows a job's progress in the private chat of the staff member who started it. */
export function telegramProgressDisplay(
  api: Api,
  translations: Translations,
  logger: Logger,
): ProgressDisplay {
  return {
    async show(progress: JobProgress) {
      if (!progress.watcher) return null;
      const chatId = Number(progress.watcher.id);
      const message = progressMessage(progress, translations, progress.watcher.language);
      const reply_markup = { inline_keyboard: message.keyboard };
      try {
        if (progress.progressMessageId === null) {
          const sent = await api.sendMessage(chatId, message.text, { reply_markup });
          return sent.message_id;
        }
        await api.editMessageText(chatId, progress.progressMessageId, message.text, {
          reply_markup,
        });
      } catch (error) {
        if (!isHarmlessEditError(error))
          logger.warn({ job: progress.jobId, err: describe(error) }, "progress not shown");
      }
      return progress.progressMessageId;
    },

    async finish(progress: JobProgress) {
      if (!progress.watcher) return;
      const chatId = Number(progress.watcher.id);
      const { language } = progress.watcher;
      try {
        if (progress.progressMessageId !== null) {
          const final = progressMessage(progress, translations, language);
          await api
            .editMessageText(chatId, progress.progressMessageId, final.text, {
              reply_markup: { inline_keyboard: [] },
            })
            .catch((error) => {
              if (!isHarmlessEditError(error)) throw error;
            });
        }
        await api.sendMessage(chatId, summaryText(progress, translations, language));
      } catch (error) {
        logger.warn({ job: progress.jobId, err: describe(error) }, "summary not shown");
      }
    },
  };
}
