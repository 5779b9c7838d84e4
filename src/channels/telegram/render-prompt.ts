/**
 * A prompt as a Telegram message: where the teacher is, the question, and its buttons.
 * The same text, with the chosen answer added and the buttons gone, is the transcript.
 */
import type { InlineKeyboardButton } from "grammy/types";
import type { Translate } from "../../i18n.js";
import { NO, YES } from "../../survey/prompts.js";
import { answerLabel, isChoicePrompt, type PromptView, promptLines } from "../prompt-text.js";
import { encodeButton } from "./callback-data.js";

export type Keyboard = InlineKeyboardButton[][];

const TICKED = "☑";
const UNTICKED = "☐";
const CHOSEN = "✓ ";

/** The message text of a prompt, without the answer part. */
export function promptText(view: PromptView, t: Translate, totalQuestions: number): string {
  const { prompt } = view;
  const lines = promptLines(view, t, totalQuestions, "bot:prompt.text_hint_skip");
  if (prompt.kind === "multi") {
    const q = `survey:${prompt.questionId}`;
    lines.push("", ...prompt.options.map((code) => `${code}. ${t(`${q}.options.${code}`)}`));
    lines.push("", t("bot:prompt.multi_hint"));
  }
  // Buttons mark a stored choice; a typed answer is quoted instead.
  if (view.current !== undefined && !isChoicePrompt(prompt)) {
    lines.push("", t("bot:prompt.current", { answer: answerLabel(prompt, view.current, t) }));
  }
  return lines.join("\n");
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
        // The button says what it will do (tick or untick), so pressing it twice is harmless.
        callback_data: encodeButton({
          type: "toggle",
          promptId,
          code,
          on: !view.selected.includes(code),
        }),
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
