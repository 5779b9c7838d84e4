/**
 * A survey flattened into prompts: the unit a teacher answers in one step. Each prompt
 * stores exactly one variable, named as researchers read it (q19_3, q5_other).
 */
import type { Question, QuestionOf, Survey } from "./definition.js";

interface PromptBase {
  /** The stored variable and the prompt's identity, e.g. "q19_3". */
  id: string;
  questionId: string;
  /** 1-based number of the question in the survey, shown as "Question 8 of 22". */
  questionNumber: number;
  /** The paper's section the question belongs to. */
  section: string;
  /** Shown only when another prompt's answer has this value. */
  requires?: { promptId: string; value: string };
}

/** Where a prompt sits inside a matrix, shown as "row 3 of 10". */
export interface RowPosition {
  row: number;
  rows: number;
}

export type Prompt = PromptBase &
  (
    | {
        kind: "single";
        options: string[];
        scale: boolean;
        other?: string;
        branches: { when: string; goto: string }[];
      }
    | { kind: "multi"; options: string[]; minSelected: number }
    | { kind: "number"; min: number; max: number }
    | { kind: "text"; maxLength: number; skippable: boolean; of: "question" | "other" }
    | {
        kind: "row";
        row: string;
        columns: string[];
        scale: boolean;
        position: RowPosition;
        /** For an "Other (specify)" row: the prompt whose answer names the row. */
        labelFrom?: string;
      }
    | { kind: "has-other-row"; position: RowPosition }
    | { kind: "other-row-text"; maxLength: number; position: RowPosition }
  );

export type PromptKind = Prompt["kind"];

/** The answer that a "does another item apply?" prompt stores when it does. */
export const YES = "yes";
export const NO = "no";

/** The survey as an ordered list of prompts, with lookups by id. */
export interface PromptList {
  survey: Survey;
  prompts: Prompt[];
  indexOf: Map<string, number>;
  /** Where each question's first prompt is: branch targets name questions. */
  questionStart: Map<string, number>;
  /** Prompts whose answer can skip ahead; Back consults only these. */
  branching: (Prompt & { kind: "single" })[];
}

/** Flattens a validated survey; done once at start, so a tap never walks the definition. */
export function listPrompts(survey: Survey): PromptList {
  const prompts: Prompt[] = [];
  survey.questions.forEach((question, index) => {
    prompts.push(...promptsOf(question, index + 1, survey.otherTextMaxLength));
  });
  const indexOf = new Map(prompts.map((prompt, index) => [prompt.id, index]));
  const branching = prompts.filter(
    (prompt): prompt is Prompt & { kind: "single" } =>
      prompt.kind === "single" && prompt.branches.length > 0,
  );
  const questionStart = new Map<string, number>();
  prompts.forEach((prompt, index) => {
    if (!questionStart.has(prompt.questionId)) questionStart.set(prompt.questionId, index);
  });
  return { survey, prompts, indexOf, questionStart, branching };
}

function promptsOf(question: Question, questionNumber: number, otherMax: number): Prompt[] {
  const base = { questionId: question.id, questionNumber, section: question.section };
  switch (question.kind) {
    case "single": {
      const own: Prompt = {
        ...base,
        id: question.id,
        kind: "single",
        options: question.options,
        scale: question.scale,
        other: question.other,
        branches: question.branches,
      };
      if (!question.other) return [own];
      const otherText: Prompt = {
        ...base,
        id: `${question.id}_other`,
        kind: "text",
        maxLength: otherMax,
        skippable: false,
        of: "other",
        requires: { promptId: question.id, value: question.other },
      };
      return [own, otherText];
    }
    case "multi":
      return [
        {
          ...base,
          id: question.id,
          kind: "multi",
          options: question.options,
          minSelected: question.minSelected,
        },
      ];
    case "number":
      return [{ ...base, id: question.id, kind: "number", min: question.min, max: question.max }];
    case "text":
      return [
        {
          ...base,
          id: question.id,
          kind: "text",
          maxLength: question.maxLength,
          skippable: question.skippable,
          of: "question",
        },
      ];
    case "matrix":
      return matrixPrompts(question, base, otherMax);
  }
}

function matrixPrompts(
  question: QuestionOf<"matrix">,
  base: { questionId: string; questionNumber: number; section: string },
  otherMax: number,
): Prompt[] {
  const rows = question.rows.length + (question.otherRow ? 1 : 0);
  const { columns, scale } = question;
  const prompts: Prompt[] = question.rows.map((row, index) => ({
    ...base,
    id: `${question.id}_${row}`,
    kind: "row",
    row,
    columns,
    scale,
    position: { row: index + 1, rows },
  }));
  if (!question.otherRow) return prompts;

  const position = { row: rows, rows };
  const hasId = `${question.id}_${question.otherRow}_has`;
  const textId = `${question.id}_${question.otherRow}_text`;
  const requires = { promptId: hasId, value: YES };
  prompts.push(
    { ...base, id: hasId, kind: "has-other-row", position },
    {
      ...base,
      id: textId,
      kind: "other-row-text",
      maxLength: otherMax,
      position,
      requires,
    },
    {
      ...base,
      id: `${question.id}_${question.otherRow}`,
      kind: "row",
      row: question.otherRow,
      labelFrom: textId,
      columns,
      scale,
      position,
      requires,
    },
  );
  return prompts;
}
