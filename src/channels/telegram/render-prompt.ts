/**
 * A prompt as a Telegram message: where the teacher is, the question, and its buttons.
 * The same text, with the chosen answer added and the buttons gone, is the transcript.
 */
import type { InlineKeyboardButton } from "grammy/types";
import type { View } from "../../app/views.js";
import type { Translate } from "../../i18n.js";
import type { Prompt } from "../../survey/prompts.js";
import { NO, YES } from "../../survey/prompts.js";
import { encodeButton } from "./callback-data.js";

export type Keyboard = InlineKeyboardButton[][];
type PromptView = Extract<View, { kind: "prompt" }>;

const TICKED = "☑";
const UNTICKED = "☐";
const CHOSEN = "✓ ";

/** The message text of a prompt, without the answer part. */
export function promptText(view: PromptView, t: Translate, totalQuestions: number): string {
  const { prompt } = view;
  const q = `survey:${prompt.questionId}`;
  const section = t(`survey:sections.${prompt.section}`);
  const lines = [
    t("bot:prompt.header", { number: prompt.questionNumber, total: totalQuestions, section }),
  ];
  lines.push("", t(`${q}.text`));

  switch (prompt.kind) {
    case "single":
      if (prompt.branches.length > 0) lines.push(t(`${q}.noNote`));
      break;
    case "multi":
      lines.push("", ...prompt.options.map((code) => `${code}. ${t(`${q}.options.${code}`)}`));
      lines.push("", t("bot:prompt.multi_hint"));
      break;
    case "number":
      lines.push(
        "",
        t("bot:prompt.number_hint", { min: prompt.min, max: prompt.max, unit: t(`${q}.unit`) }),
      );
      break;
    case "text":
      lines.push(
        "",
        prompt.of === "other"
          ? t(`${q}.other`, { limit: prompt.maxLength })
          : t(prompt.skippable ? "bot:prompt.text_hint_skip" : "bot:prompt.text_hint", {
              limit: prompt.maxLength,
            }),
      );
      break;
    case "row":
    case "has-other-row":
    case "other-row-text":
      lines.push(
        t(`${q}.hint`),
        "",
        t("bot:prompt.row", { ...prompt.position }),
        rowStatement(view, t),
      );
      break;
  }

  if (view.current !== undefined && !isButtonPrompt(prompt)) {
    lines.push("", t("bot:prompt.current", { answer: answerLabel(prompt, view.current, t) }));
  }
  return lines.join("\n");
}

function rowStatement(view: PromptView, t: Translate): string {
  const { prompt } = view;
  const q = `survey:${prompt.questionId}`;
  switch (prompt.kind) {
    case "has-other-row":
      return t(`${q}.otherRow.ask`);
    case "other-row-text":
      return t(`${q}.otherRow.text`, { limit: prompt.maxLength });
    case "row":
      if (prompt.labelFrom) return `${t(`${q}.otherRow.label`)}: ${view.rowLabel ?? ""}`;
      return t(`${q}.rows.${prompt.row}`);
    default:
      return "";
  }
}

function isButtonPrompt(prompt: Prompt): boolean {
  return (
    prompt.kind === "single" ||
    prompt.kind === "row" ||
    prompt.kind === "has-other-row" ||
    prompt.kind === "multi"
  );
}

/** The buttons of a prompt; the stored answer, if any, is marked so a teacher who came back sees it. */
export function promptKeyboard(view: PromptView, t: Translate, isFirst: boolean): Keyboard {
  const { prompt } = view;
  const promptId = prompt.id;
  const q = `survey:${prompt.questionId}`;
  const mark = (code: string) => (view.current === code ? CHOSEN : "");
  const choose = (code: string, label: string): InlineKeyboardButton => ({
    text: `${mark(code)}${label}`,
    callback_data: encodeButton({ type: "choose", promptId, code }),
  });
  const rows: Keyboard = [];

  switch (prompt.kind) {
    case "single":
      rows.push(...prompt.options.map((code) => [choose(code, t(`${q}.options.${code}`))]));
      break;
    case "row":
      if (prompt.columns.every((code) => t(`${q}.columns.${code}`).length <= 3)) {
        rows.push(prompt.columns.map((code) => choose(code, t(`${q}.columns.${code}`))));
      } else {
        rows.push(...prompt.columns.map((code) => [choose(code, t(`${q}.columns.${code}`))]));
      }
      break;
    case "has-other-row":
      rows.push([choose(YES, t("bot:buttons.yes")), choose(NO, t("bot:buttons.no"))]);
      break;
    case "multi": {
      const toggles = prompt.options.map((code) => ({
        text: `${view.selected.includes(code) ? TICKED : UNTICKED} ${code}`,
        callback_data: encodeButton({ type: "toggle", promptId, code }),
      }));
      for (let i = 0; i < toggles.length; i += 3) rows.push(toggles.slice(i, i + 3));
      rows.push([
        { text: t("bot:buttons.done"), callback_data: encodeButton({ type: "done", promptId }) },
      ]);
      break;
    }
    case "text":
      if (prompt.skippable) {
        rows.push([
          { text: t("bot:buttons.skip"), callback_data: encodeButton({ type: "skip", promptId }) },
        ]);
      }
      break;
    case "number":
    case "other-row-text":
      break;
  }

  if (!isFirst)
    rows.push([
      { text: t("bot:buttons.back"), callback_data: encodeButton({ type: "back", promptId }) },
    ]);
  return rows;
}

/** How an answer reads in the transcript and in "your current answer". */
export function answerLabel(prompt: Prompt, value: string | null, t: Translate): string {
  if (value === null) return t("bot:prompt.skipped");
  const q = `survey:${prompt.questionId}`;
  switch (prompt.kind) {
    case "single":
      return t(`${q}.options.${value}`);
    case "row":
      return t(`${q}.columns.${value}`);
    case "has-other-row":
      return t(value === YES ? "bot:buttons.yes" : "bot:buttons.no");
    case "multi":
      return value.split(",").join(", ");
    case "number":
      return `${value} ${t(`${q}.unit`)}`;
    case "text":
    case "other-row-text":
      return value;
  }
}
