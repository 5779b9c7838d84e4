/**
 * Turns a Step from the use cases into Telegram calls, in the order that keeps the chat a
 * clean record: answer the button press, close the answered prompt, then show what is next.
 */
import type { Context } from "grammy";
import { GrammyError } from "grammy";
import type { Language, Session } from "../../app/ports.js";
import type { SurveySessions } from "../../app/survey-sessions.js";
import { type Step, viewKeyOf } from "../../app/views.js";
import type { Translations } from "../../i18n.js";
import { answerLabel, type SurveyFacts } from "../prompt-text.js";
import { promptKeyboard } from "./render-prompt.js";
import { renderView } from "./render-view.js";

/** What delivering needs besides the step. */
export interface DeliverDeps {
  sessions: SurveySessions;
  translations: Translations;
  facts: SurveyFacts;
}

/** Telegram's answer when an edit changes nothing; the message already reads as intended. */
export function isHarmlessEditError(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    /message is not modified|message to edit not found|message can't be edited/.test(
      error.description,
    )
  );
}

/**
 * Telegram's answer when a press is answered twice or too late: after a restart a redelivered
 * press was often answered already, or waited longer than Telegram keeps a query open.
 */
export function isExpiredQueryError(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    /query is too old|query ID is invalid|response timeout expired/.test(error.description)
  );
}

/**
 * Stops the spinner of a button press, with a short notice if there is one. A query Telegram
 * no longer accepts must not keep the rest of the step (the next prompt) from being sent.
 */
export async function answerPress(ctx: Context, text?: string): Promise<void> {
  if (!ctx.callbackQuery) return;
  try {
    await ctx.answerCallbackQuery(text === undefined ? {} : { text });
  } catch (error) {
    if (!isExpiredQueryError(error)) throw error;
  }
}

async function quietly(edit: Promise<unknown>): Promise<void> {
  try {
    await edit;
  } catch (error) {
    if (!isHarmlessEditError(error)) throw error;
  }
}

/** Renders `step` for the person behind `ctx`, who reads `language`. */
export async function deliverStep(
  ctx: Context,
  session: Session,
  step: Step,
  language: Language,
  deps: DeliverDeps,
): Promise<void> {
  const t = deps.translations.t(language);
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const pressed = ctx.callbackQuery?.message?.message_id;
  const notice = step.notice
    ? t(`bot:notice.${step.notice.key}`, { limit: step.notice.limit })
    : undefined;

  // A button press is acknowledged first: the client shows a spinner until then.
  if (ctx.callbackQuery) await answerPress(ctx, notice);
  else if (notice) await ctx.reply(notice);

  const pressedText = ctx.callbackQuery?.message?.text;
  const chosen = step.answered
    ? answerLabel(step.answered.prompt, step.answered.value, t)
    : step.record && t(step.record);
  // Whether the pressed message already lost its buttons in this step.
  let closed = false;
  if (chosen && pressed !== undefined && pressedText !== undefined) {
    // Without reply_markup the edit also removes the buttons: the message becomes a record.
    const text = `${pressedText}\n\n${t("bot:prompt.answered", { answer: chosen })}`;
    await quietly(ctx.api.editMessageText(chatId, pressed, text.slice(0, 4096)));
    closed = true;
  }
  if (step.ticked && pressed !== undefined) {
    const { prompt, selected } = step.ticked;
    const view = { kind: "prompt" as const, prompt, current: undefined, selected };
    const keyboard = promptKeyboard(view, t, prompt.id === deps.facts.firstPromptId);
    await quietly(
      ctx.api.editMessageReplyMarkup(chatId, pressed, {
        reply_markup: { inline_keyboard: keyboard },
      }),
    );
  }
  if (step.leftPrompt && pressed !== undefined) {
    await quietly(
      ctx.api.editMessageReplyMarkup(chatId, pressed, { reply_markup: { inline_keyboard: [] } }),
    );
    closed = true;
  }
  if (!step.view) return;

  // Only the newest prompt keeps live buttons; an older copy would invite stale presses. The
  // pressed message itself is cleared too unless it just became a record (a press refused
  // with the view shown again, or a redelivered press whose record was never written).
  const older = session.promptMessageId;
  if (older !== null && !(older === pressed && closed)) {
    await quietly(
      ctx.api.editMessageReplyMarkup(chatId, older, { reply_markup: { inline_keyboard: [] } }),
    );
  }
  const rendered = renderView(step.view, t, deps.facts);
  const sent = await ctx.api.sendMessage(chatId, rendered.text, {
    reply_markup: rendered.keyboard.length > 0 ? { inline_keyboard: rendered.keyboard } : undefined,
  });
  // A kill between the send and this line leaves the view unrecorded: after a restart it is
  // sent once more, and the earlier copy keeps its buttons (a press on either is accepted).
  deps.sessions.delivered(session, viewKeyOf(step.view), {
    messageId: sent.message_id,
    hasButtons: rendered.keyboard.length > 0,
  });
}
