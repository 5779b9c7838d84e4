/**
 * The /remind dialog, as a @grammyjs/conversations conversation: segment, district, school,
 * text (the default, or the coordinator's own in each language), a preview with the count,
 * then confirm. Reads of the database and the creation of the job run in
 * `conversation.external`, so the plugin's replays never repeat them.
 *
 * The dialog's state lives in memory (the plugin's default). It holds a draft of a few
 * seconds' work; a restart costs the coordinator one /remind. Kept in memory, a "Send" press
 * redelivered after a crash finds no dialog to replay and cannot create a second job, and no
 * table fills with the plugin's replay logs. Once confirmed, the job is in SQLite.
 */
import type { Conversation } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Message } from "grammy/types";
import type { Language } from "../../../app/ports.js";
import type { Translate, Translations } from "../../../i18n.js";
import type { CustomTexts } from "../../../reminders/ports.js";
import {
  clockTime,
  formatQuietHours,
  isQuiet,
  minutesOfDay,
  type QuietHours,
} from "../../../reminders/quiet-hours.js";
import {
  type Audience,
  type Segment,
  type Segments,
  segments,
} from "../../../reminders/segments.js";
import type { SchoolDirectory } from "../../../schools.js";
import { pressedButton } from "../pressed-button.js";
import type { Keyboard } from "../render-prompt.js";
import { guessLanguage } from "../survey-handlers.js";
import { decodeReminderButton, type ReminderButton } from "./callback-data.js";
import {
  confirmKeyboard,
  districtKeyboard,
  schoolKeyboard,
  schoolName,
  segmentKeyboard,
  textKeyboard,
} from "./dialog-keyboards.js";
import { CUSTOM_TEXT_LIMIT, reminderMessage } from "./render.js";

/** The conversation's id, used to enter it. */
export const REMIND_DIALOG = "remind";

/** A dialog left idle this long ends; the next update goes to the normal handlers. */
const DIALOG_WAIT_MS = 30 * 60 * 1000;

/** A confirmed reminder, before it is a job. */
export interface ReminderDraft {
  audience: Audience;
  texts: CustomTexts;
}

export interface RemindDialogDeps {
  segments: Segments;
  schools: SchoolDirectory;
  /** The survey's district codes (the options of q3). */
  districts: readonly string[];
  translations: Translations;
  perSecond: number;
  quietHours: QuietHours | null;
  /** Stores the job; undefined when nobody is left to remind. */
  createJob(
    draft: ReminderDraft,
    staff: { id: string; language: Language },
  ): { jobId: number; total: number } | undefined;
  /** Starts sending a stored job. */
  startJob(jobId: number): void;
}

type RemindConversation = Conversation<Context, Context>;

type Input =
  | { kind: "button"; button: ReminderButton; ctx: Context }
  | { kind: "text"; text: string; ctx: Context }
  | { kind: "other"; ctx: Context };

/** Buttons that belong to teachers or to a running job, not to this dialog. */
const outsideDialog = new Set<ReminderButton["type"]>(["continue", "stop", "resume", "cancel-job"]);

/** The pressed question keeps a record of the choice and loses its buttons. */
async function closeQuestion(ctx: Context, t: Translate): Promise<void> {
  const message = ctx.callbackQuery?.message;
  const pressed = pressedButton(ctx);
  if (!message?.text || !pressed) return;
  const text = `${message.text}\n\n${t("bot:prompt.answered", { answer: pressed.text })}`;
  await ctx.editMessageText(text.slice(0, 4096)).catch(() => undefined);
}

/**
 * The next update meant for the dialog; commands and foreign buttons leave it. Only the
 * buttons of `questionId`, the message asking now, count: a press on an earlier question, or
 * on one of an abandoned dialog (its Send would confirm this draft), is refused.
 */
async function nextInput(
  conversation: RemindConversation,
  t: Translate,
  questionId: number | undefined,
): Promise<Input> {
  for (;;) {
    const ctx = await conversation.wait({ maxMilliseconds: DIALOG_WAIT_MS });
    const data = ctx.callbackQuery?.data;
    if (data === undefined) return textInput(conversation, ctx);
    const button = decodeReminderButton(data);
    if (!button || outsideDialog.has(button.type)) return conversation.skip({ next: true });
    if (ctx.callbackQuery?.message?.message_id !== questionId) {
      await ctx.answerCallbackQuery({ text: t("reminders:compose.old_button") });
      continue;
    }
    if (button.type === "abort") {
      await ctx.answerCallbackQuery();
      await closeQuestion(ctx, t);
      await ctx.reply(t("reminders:compose.aborted"));
      return conversation.halt();
    }
    return { kind: "button", button, ctx };
  }
}

/** A message for the dialog: a text, or something else; another command leaves the dialog. */
function textInput(conversation: RemindConversation, ctx: Context): Input | Promise<never> {
  const text = ctx.message?.text;
  // Another command ends the dialog and runs as if the dialog had not been there.
  if (text?.startsWith("/")) return conversation.halt({ next: true });
  if (text !== undefined) return { kind: "text", text, ctx };
  if (ctx.message) return { kind: "other", ctx };
  return conversation.skip({ next: true });
}

/** Waits for a press of one of the buttons of `question`, the message asking now. */
async function choose<T>(
  conversation: RemindConversation,
  t: Translate,
  question: Message,
  pick: (button: ReminderButton) => T | undefined,
): Promise<T> {
  for (;;) {
    const input = await nextInput(conversation, t, question.message_id);
    if (input.kind !== "button") {
      await input.ctx.reply(t("reminders:compose.use_buttons"));
      continue;
    }
    const picked = pick(input.button);
    if (picked === undefined) {
      await input.ctx.answerCallbackQuery({ text: t("reminders:compose.old_button") });
      continue;
    }
    await input.ctx.answerCallbackQuery();
    await closeQuestion(input.ctx, t);
    return picked;
  }
}

/** Waits for the coordinator's text in one language. */
async function typeText(
  conversation: RemindConversation,
  ctx: Context,
  t: Translate,
  language: Language,
): Promise<string> {
  await ctx.reply(t(`reminders:compose.ask_text_${language}`, { limit: CUSTOM_TEXT_LIMIT }));
  for (;;) {
    // The question asks for a text and has no buttons: any press is on an older message.
    const input = await nextInput(conversation, t, undefined);
    if (input.kind === "button") {
      await input.ctx.answerCallbackQuery({ text: t("reminders:compose.old_button") });
      continue;
    }
    const text = input.kind === "text" ? input.text.trim() : "";
    if (text.length > CUSTOM_TEXT_LIMIT) {
      const params = { length: text.length, limit: CUSTOM_TEXT_LIMIT };
      await input.ctx.reply(t("reminders:compose.text_too_long", params));
    } else if (text === "") await input.ctx.reply(t("reminders:compose.text_needed"));
    else return text;
  }
}

/** Builds the dialog over its dependencies. */
export function remindDialog(deps: RemindDialogDeps) {
  const { translations } = deps;

  return async function remind(conversation: RemindConversation, ctx: Context): Promise<void> {
    // Staff choose no language: their Telegram app's decides, for the dialog and the progress.
    const language = guessLanguage(ctx);
    const t = translations.t(language);
    const staffId = String(ctx.from?.id);
    const ask = (text: string, keyboard: Keyboard) =>
      ctx.reply(text, { reply_markup: { inline_keyboard: keyboard } });

    // Whom: the segment, then optionally a district and a school in it.
    const sizes = await conversation.external(() =>
      Object.fromEntries(segments.map((s) => [s, deps.segments.count({ segment: s }).total])),
    );
    const segmentQuestion = await ask(
      t("reminders:compose.segment_question"),
      segmentKeyboard(t, sizes as Record<Segment, number>),
    );
    const segment = await choose(conversation, t, segmentQuestion, (b) =>
      b.type === "segment" ? b.segment : undefined,
    );

    const scopeQuestion = await ask(
      t("reminders:compose.scope_question"),
      districtKeyboard(t, deps.districts),
    );
    const district = await choose(conversation, t, scopeQuestion, (b) =>
      b.type === "district" ? b.district : undefined,
    );
    const inDistrict = deps.schools.all
      .map((school, index) => ({ school, index }))
      .filter((entry) => district !== null && entry.school.district === district);
    let schoolIndex: number | null = null;
    if (district !== null && inDistrict.length > 0) {
      const districtLabel = t(`survey:q3.options.${district}`);
      const schoolQuestion = await ask(
        t("reminders:compose.school_question", { district: districtLabel }),
        schoolKeyboard(t, language, inDistrict),
      );
      schoolIndex = await choose(conversation, t, schoolQuestion, (b) =>
        b.type === "school" ? b.index : undefined,
      );
    }
    const school = schoolIndex === null ? undefined : deps.schools.all[schoolIndex];
    const audience: Audience = { segment, district, schoolCode: school?.code ?? null };

    // What: the default text or the coordinator's own, in each language.
    const textQuestion = await ask(t("reminders:compose.text_question"), textKeyboard(t));
    const custom = await choose(conversation, t, textQuestion, (b) =>
      b.type === "text" ? b.custom : undefined,
    );
    const texts: CustomTexts = custom
      ? {
          kk: await typeText(conversation, ctx, t, "kk"),
          ru: await typeText(conversation, ctx, t, "ru"),
        }
      : null;

    // Preview: exactly what each language group receives, then the count and a confirmation.
    const count = await conversation.external(() => deps.segments.count(audience));
    if (count.total === 0) {
      await ctx.reply(t("reminders:compose.none"));
      return;
    }
    for (const previewLanguage of ["kk", "ru"] as const) {
      const message = reminderMessage(
        { address: "", language: previewLanguage, segment, texts },
        translations,
      );
      const buttons = message.keyboard.flat().map((b) => b.text);
      const buttonLine =
        buttons.length > 1
          ? t("reminders:compose.preview_buttons", { continue: buttons[0], stop: buttons[1] })
          : t("reminders:compose.preview_stop_only", { stop: buttons[0] });
      await ctx.reply(
        [t(`reminders:compose.preview_${previewLanguage}`), message.text, buttonLine].join("\n\n"),
      );
    }
    const scope = school
      ? t("reminders:scope.school", { school: schoolName(school, language) })
      : district
        ? t("reminders:scope.district", { district: t(`survey:q3.options.${district}`) })
        : t("reminders:scope.everyone");
    const lines = [
      t("reminders:compose.summary", {
        segment: t(`reminders:segment.${segment}`),
        scope,
        ...count,
        rate: deps.perSecond,
        minutes: Math.max(1, Math.ceil(count.total / deps.perSecond / 60)),
      }),
    ];
    const now = await conversation.now();
    if (deps.quietHours && isQuiet(deps.quietHours, now)) {
      const time = clockTime(minutesOfDay(now));
      lines.push(
        t("reminders:compose.quiet_warning", { time, quiet: formatQuietHours(deps.quietHours) }),
      );
    }
    lines.push(t("reminders:compose.confirm_question"));
    const confirmation = await ask(lines.join("\n\n"), confirmKeyboard(t));
    await choose(conversation, t, confirmation, (b) => (b.type === "confirm" ? true : undefined));

    // Send: the job is stored, then the queue takes it; its progress message follows.
    const created = await conversation.external(() =>
      deps.createJob({ audience, texts }, { id: staffId, language }),
    );
    if (!created) {
      await ctx.reply(t("reminders:compose.none"));
      return;
    }
    await ctx.reply(t("reminders:compose.started"));
    await conversation.external(() => deps.startJob(created.jobId));
  };
}
