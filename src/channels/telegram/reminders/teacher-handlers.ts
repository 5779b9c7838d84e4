/**
 * What a teacher can do with a reminder: continue the survey where they stopped, or ask for
 * no more reminders. Also notes when a teacher blocks or unblocks the bot, which decides
 * whether reminders can reach them.
 */
import { Composer, type Context } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { type Language, languages } from "../../../app/ports.js";
import { setOptedOut, setUnreachable } from "../../../reminders/contact-flags.js";
import type { Database } from "../../../storage/database.js";
import { type DeliverDeps, deliverStep, isHarmlessEditError } from "../deliver.js";
import { pressedButton } from "../pressed-button.js";
import { addressOf, guessLanguage } from "../survey-handlers.js";
import {
  decodeReminderButton,
  encodeReminderButton,
  type ReminderButton,
} from "./callback-data.js";
import { teacherText } from "./render.js";

type TeacherChoice = Extract<ReminderButton, { type: "continue" | "stop" | "resume" }>;

const isTeacherChoice = (button: ReminderButton | undefined): button is TeacherChoice =>
  button?.type === "continue" || button?.type === "stop" || button?.type === "resume";

/**
 * Handlers for every private chat; they pass on anything that is not theirs. "No more
 * reminders" turns into "Remind me again" on the pressed message, so a teacher can undo it.
 */
export function teacherReminderHandlers(database: Database, deps: DeliverDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on("callback_query:data", async (ctx, next) => {
    const button = decodeReminderButton(ctx.callbackQuery.data);
    const address = addressOf(ctx);
    if (!address || !isTeacherChoice(button)) return next();
    const session = deps.sessions.find(address);
    const language = session?.language ?? guessLanguage(ctx);

    if (button.type === "stop" || button.type === "resume") {
      // Words as the reminder had them (the teacher's language, or both before they chose),
      // read off the pressed button: the teacher may have chosen since, or left no data.
      const read = reminderLanguage(ctx, button, deps);
      const spoken = read === undefined ? (session?.language ?? null) : read;
      const say = (key: string, glue: string) => teacherText(deps.translations, spoken, key, glue);
      // After /delete_me there is no contact to mark, and none that a reminder could reach.
      if (!session) {
        await ctx.answerCallbackQuery({ text: say("teacher.nothing_stored", "\n\n") });
        await swapButton(ctx, button, undefined);
        return;
      }
      const stopping = button.type === "stop";
      setOptedOut(database, address, stopping);
      await ctx.answerCallbackQuery({
        text: say(stopping ? "teacher.stopped" : "teacher.resumed", "\n\n"),
      });
      const swapped: ReminderButton = { type: stopping ? "resume" : "stop" };
      await swapButton(ctx, button, {
        text: say(`buttons.${swapped.type}`, " / "),
        callback_data: encodeReminderButton(swapped),
      });
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

/**
 * The language of the pressed reminder button: one of the two if its label is in that one
 * alone, null if it speaks both, undefined if the press carries no such label.
 */
function reminderLanguage(
  ctx: Context,
  pressed: ReminderButton,
  deps: DeliverDeps,
): Language | null | undefined {
  const label = pressedButton(ctx)?.text;
  if (label === undefined) return undefined;
  const key = `reminders:buttons.${pressed.type}`;
  const alone = languages.find((language) => deps.translations.t(language)(key) === label);
  if (alone) return alone;
  return label === teacherText(deps.translations, null, `buttons.${pressed.type}`, " / ")
    ? null
    : undefined;
}

/** Puts `replacement` (or nothing) where the pressed button was; "Continue" stays. */
async function swapButton(
  ctx: Context,
  pressed: ReminderButton,
  replacement: InlineKeyboardButton | undefined,
): Promise<void> {
  const rows = ctx.callbackQuery?.message?.reply_markup?.inline_keyboard ?? [];
  const swapped = rows
    .map((row) =>
      row.flatMap((button: InlineKeyboardButton) => {
        const data = "callback_data" in button ? button.callback_data : undefined;
        if (decodeReminderButton(data)?.type !== pressed.type) return [button];
        return replacement ? [replacement] : [];
      }),
    )
    .filter((row) => row.length > 0);
  try {
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: swapped } });
  } catch (error) {
    if (!isHarmlessEditError(error)) throw error;
  }
}
