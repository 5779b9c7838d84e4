/**
 * Any view as a Telegram message: the language choice, the consent, a prompt, the end.
 */
import type { View } from "../../app/views.js";
import type { Translate } from "../../i18n.js";
import type { SurveyFacts } from "../prompt-text.js";
import { encodeButton } from "./callback-data.js";
import { type Keyboard, promptKeyboard, promptText } from "./render-prompt.js";

/** A message ready to send. */
export interface Rendered {
  text: string;
  keyboard: Keyboard;
}

/** Renders a view in the language of `t`. */
export function renderView(view: View, t: Translate, facts: SurveyFacts): Rendered {
  switch (view.kind) {
    case "language":
      return {
        text: t("bot:language.choose"),
        keyboard: [
          [
            {
              text: t("bot:language.kk"),
              callback_data: encodeButton({ type: "language", language: "kk" }),
            },
            {
              text: t("bot:language.ru"),
              callback_data: encodeButton({ type: "language", language: "ru" }),
            },
          ],
        ],
      };
    case "consent":
      return {
        text: `${t("survey:intro")}\n\n${t("bot:consent.question")}`,
        keyboard: [
          [
            {
              text: t("bot:consent.agree"),
              callback_data: encodeButton({ type: "consent", agree: true }),
            },
          ],
          [
            {
              text: t("bot:consent.decline"),
              callback_data: encodeButton({ type: "consent", agree: false }),
            },
          ],
        ],
      };
    case "declined":
      return { text: t("bot:end.declined"), keyboard: [] };
    case "completed":
      return { text: t("bot:end.completed"), keyboard: [] };
    case "already-completed":
      return { text: t("bot:end.already_completed"), keyboard: [] };
    case "prompt":
      return {
        text: promptText(view, t, facts.totalQuestions),
        keyboard: promptKeyboard(view, t, view.prompt.id === facts.firstPromptId),
      };
  }
}
