/**
 * What the admin handlers share: their dependencies, the admin's language, and helpers to
 * answer presses and show long texts within Telegram's limits.
 */
import type { Context } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { Language } from "../../../app/ports.js";
import type { SurveySessions } from "../../../app/survey-sessions.js";
import type { Translations } from "../../../i18n.js";
import type { Logger } from "../../../logger.js";
import { numberFormat } from "../../../reports/format.js";
import type { TextContext } from "../../../reports/stats-text.js";
import type { SchoolDirectory } from "../../../schools.js";
import type { Database } from "../../../storage/database.js";
import type { PromptList } from "../../../survey/prompts.js";
import { isHarmlessEditError } from "../deliver.js";
import { addressOf, guessLanguage } from "../survey-handlers.js";

/** The admin feature's dependencies, from the composition root. */
export interface AdminDeps {
  database: Database;
  /** The connection /stats reads through (see storage/reports-connection.ts). */
  reports: Database;
  sessions: SurveySessions;
  prompts: PromptList;
  schools: SchoolDirectory;
  translations: Translations;
  logger: Logger;
}

export type Keyboard = InlineKeyboardButton[][];

/** Telegram's limit on a message's text. */
export const MESSAGE_LIMIT = 4096;

/**
 * The admin's language: the one they chose for the survey (via /language, as teachers do),
 * else their Telegram app's.
 */
export function languageOf(ctx: Context, deps: AdminDeps): Language {
  const address = addressOf(ctx);
  const session = address ? deps.sessions.find(address) : undefined;
  return session?.language ?? guessLanguage(ctx);
}

/** The text context of /stats in `language`. */
export function textContext(language: Language, deps: AdminDeps): TextContext {
  const t = deps.translations.t(language);
  return {
    language,
    t,
    fmt: numberFormat(language, t),
    prompts: deps.prompts,
    schools: deps.schools,
  };
}

/** Splits a text at line ends into parts within the message limit (a too-long line is cut). */
export function splitMessage(text: string, limit = MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const piece = line.length > limit ? line.slice(0, limit) : line;
    if (current !== "" && current.length + 1 + piece.length > limit) {
      parts.push(current);
      current = piece;
    } else current = current === "" ? piece : `${current}\n${piece}`;
  }
  if (current !== "" || parts.length === 0) parts.push(current);
  return parts;
}

/**
 * Shows a text with its buttons: in place of the pressed message when it fits one message,
 * otherwise as new messages with the buttons under the last.
 */
export async function showText(ctx: Context, text: string, keyboard: Keyboard): Promise<void> {
  const parts = splitMessage(text);
  const markup = { inline_keyboard: keyboard };
  const pressed = ctx.callbackQuery?.message;
  if (pressed && parts.length === 1) {
    try {
      await ctx.api.editMessageText(pressed.chat.id, pressed.message_id, text, {
        reply_markup: markup,
      });
      return;
    } catch (error) {
      if (!isHarmlessEditError(error)) throw error;
      // Unchanged text is already on screen; a message too old to edit gets a fresh copy.
      if (String((error as { description?: string }).description).includes("not modified")) return;
    }
  }
  for (const [index, part] of parts.entries()) {
    await ctx.reply(part, index === parts.length - 1 ? { reply_markup: markup } : {});
  }
}
