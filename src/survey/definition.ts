/**
 * The shape of a survey definition. A survey is data: this schema and the semantic
 * checks below are what make a definition trustworthy before any teacher sees it.
 */
import { z } from "zod";

const code = z.string().regex(/^[a-z0-9]{1,12}$/, "codes are 1-12 lowercase letters or digits");
const questionId = z.string().regex(/^q[0-9]{1,3}$/, "question ids look like q7");

const branchSchema = z.object({
  when: code,
  goto: z.union([z.literal("end"), questionId]),
});

const singleSchema = z.object({
  id: questionId,
  kind: z.literal("single"),
  section: code,
  options: z.array(code).min(2),
  /** An ordered scale: codes are 1..n and a mean is meaningful. */
  scale: z.boolean().default(false),
  /** The option whose choice asks for free text ("Other: ___"). */
  other: code.optional(),
  branches: z.array(branchSchema).default([]),
});

const multiSchema = z.object({
  id: questionId,
  kind: z.literal("multi"),
  section: code,
  options: z.array(code).min(2),
  minSelected: z.number().int().min(1),
});

const numberSchema = z.object({
  id: questionId,
  kind: z.literal("number"),
  section: code,
  min: z.number().int(),
  max: z.number().int(),
});

const textSchema = z.object({
  id: questionId,
  kind: z.literal("text"),
  section: code,
  maxLength: z.number().int().min(1).max(3500),
  skippable: z.boolean(),
});

const matrixSchema = z.object({
  id: questionId,
  kind: z.literal("matrix"),
  section: code,
  rows: z.array(code).min(1),
  columns: z.array(code).min(2),
  scale: z.boolean().default(false),
  /** Code of an extra "Other (specify)" row: asked whether it applies, then its text and rating. */
  otherRow: code.optional(),
});

const questionSchema = z.discriminatedUnion("kind", [
  singleSchema,
  multiSchema,
  numberSchema,
  textSchema,
  matrixSchema,
]);

export const surveySchema = z.object({
  id: z.string().min(1),
  version: z.number().int().min(1),
  /** Longest free text accepted after an "Other" option. */
  otherTextMaxLength: z.number().int().min(1).max(3500),
  questions: z.array(questionSchema).min(1),
});

export type SurveyInput = z.input<typeof surveySchema>;
export type Survey = z.output<typeof surveySchema>;
export type Question = Survey["questions"][number];
export type QuestionOf<K extends Question["kind"]> = Extract<Question, { kind: K }>;

/** One problem found in a definition, located by its path. */
export interface DefinitionIssue {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; survey: Survey } | { ok: false; issues: DefinitionIssue[] };

/** Validates a definition and reports every problem at once, each with its path. */
export function parseSurvey(raw: unknown): ParseResult {
  const parsed = surveySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    }));
    return { ok: false, issues };
  }
  const issues = checkSemantics(parsed.data);
  return issues.length === 0 ? { ok: true, survey: parsed.data } : { ok: false, issues };
}

/** Checks what a schema cannot: unique ids, valid branch targets, scale codes, a reachable end. */
function checkSemantics(survey: Survey): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const position = new Map<string, number>();

  survey.questions.forEach((question, index) => {
    const at = `questions.${index}`;
    if (position.has(question.id)) {
      issues.push({ path: `${at}.id`, message: `duplicate question id ${question.id}` });
    }
    position.set(question.id, index);

    const codes = question.kind === "matrix" ? question.rows : undefined;
    const options = "options" in question ? question.options : undefined;
    for (const [name, list] of [
      ["options", options],
      ["rows", codes],
      ["columns", question.kind === "matrix" ? question.columns : undefined],
    ] as const) {
      if (list && new Set(list).size !== list.length) {
        issues.push({ path: `${at}.${name}`, message: "codes must be unique" });
      }
    }
    if (question.kind === "number" && question.min > question.max) {
      issues.push({ path: `${at}.min`, message: "min is greater than max" });
    }
    if (question.kind === "multi" && question.minSelected > question.options.length) {
      issues.push({ path: `${at}.minSelected`, message: "more ticks required than options" });
    }
    if ((question.kind === "single" || question.kind === "matrix") && question.scale) {
      const list = question.kind === "single" ? question.options : question.columns;
      if (list.some((value, i) => value !== String(i + 1))) {
        issues.push({ path: at, message: "a scale's codes must be 1..n in order" });
      }
    }
    if (
      question.kind === "matrix" &&
      question.otherRow &&
      question.rows.includes(question.otherRow)
    ) {
      issues.push({ path: `${at}.otherRow`, message: "the other row repeats a row code" });
    }
    if (question.kind === "single") {
      if (question.other && !question.options.includes(question.other)) {
        issues.push({ path: `${at}.other`, message: `unknown option ${question.other}` });
      }
      question.branches.forEach((branch, b) => {
        if (!question.options.includes(branch.when)) {
          issues.push({
            path: `${at}.branches.${b}.when`,
            message: `unknown option ${branch.when}`,
          });
        }
        if (branch.when === question.other) {
          issues.push({
            path: `${at}.branches.${b}.when`,
            message: "a branch on the Other option would skip the text it asks for",
          });
        }
      });
    }
  });

  // Branch targets must lie ahead, so every path moves forward and reaches the end.
  survey.questions.forEach((question, index) => {
    if (question.kind !== "single") return;
    question.branches.forEach((branch, b) => {
      if (branch.goto === "end") return;
      const target = position.get(branch.goto);
      if (target === undefined) {
        issues.push({ path: `questions.${index}.branches.${b}.goto`, message: "unknown question" });
      } else if (target <= index + 1) {
        issues.push({
          path: `questions.${index}.branches.${b}.goto`,
          message: "a branch must skip forward past at least one question",
        });
      }
    });
  });
  return issues;
}
