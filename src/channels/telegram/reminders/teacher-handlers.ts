/**
 * What a teacher can do with a reminder: continue the survey where they stopped, or ask for
 * no more reminders. Also notes when a teacher blocks or unblocks the bot, which decides
 * whether reminders can reach them.
 */
import { Composer, type Context } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { optOut, setUnreachable } from "../../../reminders/contact-flags.js";
import type { Database } from "../../../storage/database.js";
import { type DeliverDeps, deliverStep, isHarmlessEditError } from "../deliver.js";
import { addressOf, guessLanguage } from "../survey-handlers.js";
import { decodeReminderButton } from "./callback-data.js";

/**
 * Handlers for every private chat; they pass on anything that is not theirs. Known
 * shortcoming: an opt-out is final for the teacher; only staff could clear it (in SQLite).
 */
export function teacherReminderHandlers(database: Database, deps: DeliverDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on("callback_query:data", async (ctx, next) => {
    const button = decodeReminderButton(ctx.callbackQuery.data);
    const address = addressOf(ctx);
    if (!address || (button?.type !== "continue" && button?.type !== "stop")) return next();
    const session = deps.sessions.find(address);
    const language = session?.language ?? guessLanguage(ctx);

    if (button.type === "stop") {
      optOut(database, address);
      await ctx.answerCallbackQuery({
        text: deps.translations.t(language)("reminders:teacher.stopped"),
      });
      await dropStopButton(ctx);
      return;
    }
    // The survey's own use case decides what to show: the prompt they stopped at, the
    // consent, the language choice, or a thank-you if they finished meanwhile.
    if (!session) return next();
    const notice = session.stage === "answering" ? { key: "continue_here" as const } : undefined;
    await deliverStep(
      ctx,
      session,
      { notice, view: deps.sessions.viewOf(session) },
      language,
      deps,
    );
  });

  composer.on("my_chat_member", async (ctx, next) => {
    const address = addressOf(ctx);
    const status = ctx.myChatMember.new_chat_member.status;
    if (address && (status === "kicked" || status === "member"))
      setUnreachable(database, address, status === "kicked");
    await next();
  });

  return composer;
}

/** The pressed reminder keeps its "Continue" button only. */
async function dropStopButton(ctx: Context): Promise<void> {
  const rows = ctx.callbackQuery?.message?.reply_markup?.inline_keyboard ?? [];
  const kept = rows
    .map((row) =>
      row.filter(
        (button: InlineKeyboardButton) =>
          !("callback_data" in button) ||
          decodeReminderButton(button.callback_data)?.type !== "stop",
      ),
    )
    .filter((row) => row.length > 0);
  try {
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: kept } });
  } catch (error) {
    if (!isHarmlessEditError(error)) throw error;
  }
}
