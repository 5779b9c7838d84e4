/**
 * The words of a prompt, shared by every channel: where the teacher is, the question, the
 * hint for typed answers, and how a stored answer reads. Channels add their own widgets.
 */
import type { View } from "../app/views.js";
import type { Translate } from "../i18n.js";
import { type Prompt, YES } from "../survey/prompts.js";

export type PromptView = Extract<View, { kind: "prompt" }>;

/** Facts about the survey a rendering needs beyond the view. */
export interface SurveyFacts {
  totalQuestions: number;
  firstPromptId: string;
}

/**
 * The lines of a prompt before its options. `skipHintKey` words the hint of a skippable text
 * prompt, since channels offer Skip differently (a button, a typed word).
 */
export function promptLines(
  view: PromptView,
  t: Translate,
  totalQuestions: number,
  skipHintKey: string,
): string[] {
  const { prompt } = view;
  const q = `survey:${prompt.questionId}`;
  const section = t(`survey:sections.${prompt.section}`);
  const lines = [
    t("bot:prompt.header", { number: prompt.questionNumber, total: totalQuestions, section }),
    "",
    t(`${q}.text`),
  ];

  switch (prompt.kind) {
    case "single":
      if (prompt.branches.length > 0) lines.push(t(`${q}.noNote`));
      break;
    case "number":
      lines.push("", t("bot:prompt.number_hint", { min: prompt.min, max: prompt.max }));
      break;
    case "text": {
      const limit = prompt.maxLength;
      if (prompt.of === "other") lines.push("", t(`${q}.other`, { limit }));
      else lines.push("", t(prompt.skippable ? skipHintKey : "bot:prompt.text_hint", { limit }));
      break;
    }
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
    case "multi":
      break;
  }
  return lines;
}

/** A matrix row's statement: the paper's row, or the teacher's own "Other" item. */
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

/** Whether a prompt is answered by choosing, so a stored answer shows as a marked option. */
export function isChoicePrompt(prompt: Prompt): boolean {
  return (
    prompt.kind === "single" ||
    prompt.kind === "row" ||
    prompt.kind === "has-other-row" ||
    prompt.kind === "multi"
  );
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
      // "1 год", "2 года", "5 лет": the noun's form follows the number.
      return t(`${q}.years`, { count: Number(value) });
    case "text":
    case "other-row-text":
      return value;
  }
}
