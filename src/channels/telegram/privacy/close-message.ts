/**
 * Confirmation messages are closed once answered: their text becomes the outcome, and their
 * buttons go (or are replaced), so an old confirmation cannot be pressed again.
 */
import type { Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { isHarmlessEditError } from "../deliver.js";

/** Rewrites the pressed message; without a pressed message, sends the text instead. */
export async function closeMessage(
  ctx: Context,
  text: string,
  replyMarkup?: InlineKeyboardMarkup,
): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (!message) return void (await ctx.reply(text, { reply_markup: replyMarkup }));
  try {
    await ctx.api.editMessageText(message.chat.id, message.message_id, text, {
      reply_markup: replyMarkup,
    });
  } catch (error) {
    if (!isHarmlessEditError(error)) throw error;
  }
}
