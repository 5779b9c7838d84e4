/**
 * Reminder texts as Telegram messages: the reminder a teacher receives, and the progress and
 * summary a coordinator watches. Every word comes from locales/<lang>/reminders.json.
 */
import type { Language } from "../../../app/ports.js";
import type { Translations } from "../../../i18n.js";
import type { CustomTexts, Delivery, JobProgress } from "../../../reminders/ports.js";
import type { Segment } from "../../../reminders/segments.js";
import type { Keyboard } from "../render-prompt.js";
import { encodeReminderButton } from "./callback-data.js";

/** A message ready to send. */
export interface ReminderMessage {
  text: string;
  keyboard: Keyboard;
}

/** Longest custom text per language: both fit in one message for a teacher with no language. */
export const CUSTOM_TEXT_LIMIT = 2000;

/** The reminder text in one language: the coordinator's own, or the default for the segment. */
export function reminderText(
  translations: Translations,
  language: Language,
  segment: Segment,
  texts: CustomTexts,
): string {
  return texts?.[language] ?? translations.t(language)(`reminders:default.${segment}`);
}

/** The languages to speak to a teacher in: theirs, or both before they chose one. */
const languagesFor = (language: Language | null): Language[] =>
  language ? [language] : ["kk", "ru"];

/**
 * A text of locales/<lang>/reminders.json for a teacher: in their language, or in both
 * (joined by `glue`) before they chose one, as their reminder was written.
 */
export function teacherText(
  translations: Translations,
  language: Language | null,
  key: string,
  glue: string,
): string {
  return languagesFor(language)
    .map((each) => translations.t(each)(`reminders:${key}`))
    .join(glue);
}

/**
 * The reminder as a teacher receives it, in their language or, before they chose one, in
 * both. A thank-you to those who completed has no "Continue" button.
 */
export function reminderMessage(delivery: Delivery, translations: Translations): ReminderMessage {
  const text = languagesFor(delivery.language)
    .map((language) => reminderText(translations, language, delivery.segment, delivery.texts))
    .join("\n\n");
  const label = (key: string) =>
    teacherText(translations, delivery.language, `buttons.${key}`, " / ");
  const keyboard: Keyboard = [];
  if (delivery.segment !== "completed")
    keyboard.push([
      { text: label("continue"), callback_data: encodeReminderButton({ type: "continue" }) },
    ]);
  keyboard.push([{ text: label("stop"), callback_data: encodeReminderButton({ type: "stop" }) }]);
  return { text, keyboard };
}

function etaText(t: ReturnType<Translations["t"]>, etaMs: number): string {
  const totalSeconds = Math.ceil(etaMs / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes === 0) return t("reminders:progress.eta_seconds", { seconds });
  return t("reminders:progress.eta", { minutes, seconds });
}

/** The progress message: counts, time left, and a Cancel button while the job runs. */
export function progressMessage(
  progress: JobProgress,
  translations: Translations,
  language: Language,
): ReminderMessage {
  const t = translations.t(language);
  const { counts } = progress;
  const lines = [
    t("reminders:progress.title", {
      job: progress.jobId,
      segment: t(`reminders:segment.${progress.segment}`),
    }),
    t("reminders:progress.body", { ...counts }),
  ];
  if (progress.ended) lines.push(t(`reminders:progress.${progress.ended}`));
  else if (progress.etaMs !== null) lines.push(etaText(t, progress.etaMs));
  const keyboard: Keyboard = progress.ended
    ? []
    : [
        [
          {
            text: t("reminders:buttons.cancel_job"),
            callback_data: encodeReminderButton({ type: "cancel-job", jobId: progress.jobId }),
          },
        ],
      ];
  return { text: lines.join("\n\n"), keyboard };
}

/** The summary sent as a new message when a job ends, so the coordinator is notified. */
export function summaryText(
  progress: JobProgress,
  translations: Translations,
  language: Language,
): string {
  const ended = progress.ended ?? "done";
  return translations.t(language)(`reminders:summary.${ended}`, {
    job: progress.jobId,
    ...progress.counts,
  });
}
