/**
 * Views and steps as plain text for the terminal preview: the texts of the Telegram messages,
 * from the same locale keys, with the buttons turned into numbered options and typed commands.
 */
import type { Step, View } from "../../app/views.js";
import type { Translate } from "../../i18n.js";
import type { Prompt } from "../../survey/prompts.js";
import {
  answerLabel,
  type PromptView,
  type SurveyFacts,
  promptLines as sharedLines,
} from "../prompt-text.js";
import { choiceCodes, choiceLabel } from "./choices.js";

/** Renders a view in the language of `t`, options numbered 1..n. */
export function renderView(view: View, t: Translate, facts: SurveyFacts): string {
  switch (view.kind) {
    case "language":
      return [
        t("bot:language.choose"),
        ...options(view, t),
        t("terminal:hint.language_choice"),
      ].join("\n");
    case "consent":
      return [
        t("survey:intro"),
        "",
        t("bot:consent.question"),
        ...options(view, t),
        t("terminal:hint.choose", { count: choiceCodes(view).length }),
        t("terminal:hint.language"),
      ].join("\n");
    case "declined":
      return t("bot:end.declined");
    case "completed":
      return t("bot:end.completed");
    case "already-completed":
      return t("bot:end.already_completed");
    case "prompt": {
      const lines = promptLines(view, t, facts.totalQuestions);
      return [...lines, ...commands(view, t, facts)].join("\n");
    }
  }
}

/** What a step adds to the transcript, in the order the Step asks for; "" if nothing. */
export function renderStep(step: Step, t: Translate, facts: SurveyFacts): string {
  const parts: string[] = [];
  const chosen = step.answered
    ? answerLabel(step.answered.prompt, step.answered.value, t)
    : step.record && t(step.record);
  if (chosen) parts.push(t("bot:prompt.answered", { answer: chosen }));
  if (step.notice) parts.push(t(`bot:notice.${step.notice.key}`, { limit: step.notice.limit }));
  if (step.view) parts.push(renderView(step.view, t, facts));
  else if (step.ticked) {
    const view = { kind: "prompt" as const, ...step.ticked, current: undefined };
    parts.push([...options(view, t), ...commands(view, t, facts)].join("\n"));
  }
  return parts.join("\n\n");
}

/** The answers a response would store, one "variable = value" line each, in survey order. */
export function renderStored(
  prompts: readonly Prompt[],
  answerOf: (variable: string) => string | null | undefined,
  t: Translate,
): string {
  const lines = prompts.flatMap(({ id }) => {
    const value = answerOf(id);
    if (value === undefined) return [];
    return [`${id} = ${value ?? t("bot:prompt.skipped")}`];
  });
  return [t("terminal:end.stored"), ...lines].join("\n");
}

function options(view: View, t: Translate): string[] {
  return choiceCodes(view).map((code, index) => {
    const marked = view.kind === "prompt" ? mark(view, code) : "";
    return `${index + 1}. ${marked}${choiceLabel(view, code, t)}`;
  });
}

/** Ticks at a several-may-apply prompt, elsewhere the stored answer a teacher came back to. */
function mark(view: PromptView, code: string): string {
  if (view.prompt.kind === "multi") return view.selected.includes(code) ? "[x] " : "[ ] ";
  return view.current === code ? "✓ " : "";
}

/** The message text of a prompt as the bot words it, with the options listed under it. */
function promptLines(view: PromptView, t: Translate, totalQuestions: number): string[] {
  const lines = sharedLines(view, t, totalQuestions, "bot:prompt.text_hint");
  const listed = options(view, t);
  if (listed.length > 0) lines.push("", ...listed);
  else if (view.current !== undefined) {
    lines.push("", t("bot:prompt.current", { answer: answerLabel(view.prompt, view.current, t) }));
  }
  return lines;
}

/** The typed commands a prompt takes, in place of its buttons. */
function commands(view: PromptView, t: Translate, facts: SurveyFacts): string[] {
  const { prompt } = view;
  const count = choiceCodes(view).length;
  const lines = [""];
  if (prompt.kind === "multi") lines.push(t("terminal:hint.multi"));
  else if (count > 0) lines.push(t("terminal:hint.choose", { count }));
  if (prompt.kind === "text" && prompt.skippable) {
    lines.push(t("terminal:hint.skip", { word: t("terminal:words.skip") }));
  }
  if (prompt.id !== facts.firstPromptId) {
    lines.push(t("terminal:hint.back", { word: t("terminal:words.back") }));
  }
  return lines.length > 1 ? lines : [];
}
