/**
 * Middleware that runs before any handler: at-least-once delivery made idempotent, and group
 * or channel chats turned away before they can create a respondent.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { SurveySessions } from "../../app/survey-sessions.js";
import type { Translations } from "../../i18n.js";
import { answerPress, type DeliverDeps, deliverStep } from "./deliver.js";
import { addressOf, guessLanguage, updateKeyOf } from "./survey-handlers.js";

/**
 * Telegram redelivers updates after a crash. A redelivered update changes nothing; if the
 * crash came between storing an answer and sending the next prompt, that prompt is sent now.
 *
 * Known shortcoming: the runner confirms a batch of updates when it fetches the next one, so
 * an update fetched but not yet handled when the process is killed never comes back. Nothing
 * is stored for it; the teacher sees no reaction to that press and presses again.
 */
export function skipRedelivered(
  sessions: SurveySessions,
  deps: DeliverDeps,
): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const key = updateKeyOf(ctx);
    if (!sessions.wasProcessed(key)) {
      await next();
      sessions.markProcessed(key);
      return;
    }

    await answerPress(ctx);
    const address = addressOf(ctx);
    const session = address ? sessions.find(address) : undefined;
    if (!session || session.shown === sessions.viewKey(session)) return;
    const language = session.language ?? guessLanguage(ctx);
    await deliverStep(ctx, session, { view: sessions.viewOf(session) }, language, deps);
  };
}

/** The survey is private: in groups the bot answers commands with a pointer to a private chat. */
export function privateChatsOnly(translations: Translations): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const type = ctx.chat?.type;
    // A press with no chat comes from an inline message; the bot makes none, but the
    // spinner of such a press still needs stopping.
    if (ctx.callbackQuery && type === undefined) return void (await ctx.answerCallbackQuery());
    if (type === "private" || type === undefined) return next();
    if (type === "channel") return;
    if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery());
    const text = ctx.message?.text ?? "";
    const mentioned = text.startsWith("/") || text.includes(`@${ctx.me.username}`);
    if (!mentioned) return;
    const t = translations.t(guessLanguage(ctx));
    await ctx.reply(t("bot:notice.private_only"), {
      reply_markup: {
        inline_keyboard: [
          [{ text: t("bot:buttons.open_private"), url: `https://t.me/${ctx.me.username}` }],
        ],
      },
    });
  };
}
