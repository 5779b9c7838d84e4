/**
 * The button a callback query came from, read off the message it was pressed on: its label
 * tells what the person saw (a record of the choice, the language it was written in).
 */
import type { Context } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";

/** The pressed button, if the press carries its message and the button is still on it. */
export function pressedButton(ctx: Context): InlineKeyboardButton | undefined {
  const data = ctx.callbackQuery?.data;
  return ctx.callbackQuery?.message?.reply_markup?.inline_keyboard
    .flat()
    .find((button) => "callback_data" in button && button.callback_data === data);
}
