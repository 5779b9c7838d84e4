/**
 * The variables of an export, derived from the survey definition: one per stored prompt,
 * except that a several-may-apply prompt (q7) becomes one 0/1 variable per option. Names follow
 * the paper's numbering (q1 ... q22, q19_3, q7_a, q5_other) so researchers can cite them.
 * Texts come from the locales, so the codebook always matches what teachers were shown.
 */
import type { Translate } from "../i18n.js";
import type { Prompt, PromptList } from "../survey/prompts.js";
import { NO, YES } from "../survey/prompts.js";

/** How a variable's values are stored and coded. */
export type VariableKind = "choice" | "tick" | "number" | "text";

/** One column of the responses and codes sheets. */
export interface SurveyVariable {
  name: string;
  /** The stored variable (answers.variable) the column is read from. */
  source: string;
  kind: VariableKind;
  /** For "choice": option codes in the definition's order; numeric code = position + 1. */
  codes: readonly string[];
  /** For "tick": the option whose tick the column records. */
  option?: string;
  /** The question as teachers read it, in the language of `t`. */
  question(t: Translate): string;
  /** The label of a stored code (a "choice" value), in the language of `t`. */
  label(t: Translate, code: string): string;
}

/** Every export variable of a survey, in the order teachers meet the prompts. */
export function surveyVariables(prompts: PromptList): SurveyVariable[] {
  return prompts.prompts.flatMap(variablesOf);
}

/** The numeric code of a stored choice: its 1-based position in the definition. */
export function numericCode(variable: SurveyVariable, value: string): number | undefined {
  const index = variable.codes.indexOf(value);
  return index === -1 ? undefined : index + 1;
}

function variablesOf(prompt: Prompt): SurveyVariable[] {
  const q = `survey:${prompt.questionId}`;
  const base = { name: prompt.id, source: prompt.id };
  const noLabel = (_t: Translate, code: string) => code;
  switch (prompt.kind) {
    case "single":
      return [
        {
          ...base,
          kind: "choice",
          codes: prompt.options,
          question: (t) => t(`${q}.text`),
          label: (t, code) => t(`${q}.options.${code}`),
        },
      ];
    case "multi":
      return prompt.options.map((option) => ({
        name: `${prompt.id}_${option}`,
        source: prompt.id,
        kind: "tick" as const,
        codes: [],
        option,
        question: (t: Translate) => `${t(`${q}.text`)} — ${option}. ${t(`${q}.options.${option}`)}`,
        label: noLabel,
      }));
    case "number":
      return [
        { ...base, kind: "number", codes: [], question: (t) => t(`${q}.text`), label: noLabel },
      ];
    case "text":
      return [
        {
          ...base,
          kind: "text",
          codes: [],
          question: (t) => (prompt.of === "other" ? t(`${q}.other`) : t(`${q}.text`)),
          label: noLabel,
        },
      ];
    case "row":
      return [
        {
          ...base,
          kind: "choice",
          codes: prompt.columns,
          question: (t) =>
            `${t(`${q}.text`)} — ${prompt.labelFrom ? t(`${q}.otherRow.label`) : t(`${q}.rows.${prompt.row}`)}`,
          label: (t, code) => t(`${q}.columns.${code}`),
        },
      ];
    case "has-other-row":
      return [
        {
          ...base,
          kind: "choice",
          codes: [YES, NO],
          question: (t) => t(`${q}.otherRow.ask`),
          label: (t, code) => t(code === YES ? "bot:buttons.yes" : "bot:buttons.no"),
        },
      ];
    case "other-row-text":
      return [
        {
          ...base,
          kind: "text",
          codes: [],
          question: (t) => t(`${q}.otherRow.text`, { limit: prompt.maxLength }),
          label: noLabel,
        },
      ];
  }
}
