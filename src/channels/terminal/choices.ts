/**
 * The numbered options of a view, shared by rendering and reading so that "3" always means
 * the third line shown. Labels are the ones the Telegram channel puts on its buttons.
 */
import { languages } from "../../app/ports.js";
import type { View } from "../../app/views.js";
import type { Translate } from "../../i18n.js";
import { NO, YES } from "../../survey/prompts.js";
import { answerLabel } from "../prompt-text.js";

/** The codes behind options 1..n of a view; empty where the answer is typed. */
export function choiceCodes(view: View): readonly string[] {
  switch (view.kind) {
    case "language":
      return languages;
    case "consent":
      return [YES, NO];
    case "prompt": {
      const { prompt } = view;
      if (prompt.kind === "single" || prompt.kind === "multi") return prompt.options;
      if (prompt.kind === "row") return prompt.columns;
      if (prompt.kind === "has-other-row") return [YES, NO];
      return [];
    }
    default:
      return [];
  }
}

/** How option `code` of a view reads, in the words of the bot's buttons. */
export function choiceLabel(view: View, code: string, t: Translate): string {
  switch (view.kind) {
    case "language":
      return t(`bot:language.${code}`);
    case "consent":
      return t(code === YES ? "bot:consent.agree" : "bot:consent.decline");
    case "prompt":
      // A multi answer labels as its codes ("a, c"), so its options are named from the texts.
      return view.prompt.kind === "multi"
        ? `${code}. ${t(`survey:${view.prompt.questionId}.options.${code}`)}`
        : answerLabel(view.prompt, code, t);
    default:
      return code;
  }
}
