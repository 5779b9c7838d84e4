/**
 * One question's results: counts per option, means and medians of ordered scales, the spread
 * of years for q4, ticks per activity for q7, one line per matrix row. The numbers come from
 * SQL aggregates (see tallies.ts); this file only shapes them after the survey definition.
 */
import type { Database } from "../storage/database.js";
import type { Prompt, PromptList } from "../survey/prompts.js";
import { NO, YES } from "../survey/prompts.js";
import { loadTeacherSurvey } from "../survey-setup.js";
import { defaultFilter, type ReportFilter } from "./filter.js";
import { type Frequency, meanOf, quantileOf, standardDeviationOf } from "./statistics.js";
import {
  ANSWERED,
  countTexts,
  tallyAnswers,
  tallyTicks,
  tallyVariables,
  type VariableTallies,
} from "./tallies.js";

/** How many teachers chose one option (or column). */
export interface Tally {
  code: string;
  count: number;
}

/** The answers to one stored variable; `mean` and `median` only for ordered scales. */
export interface ItemStats {
  variable: string;
  n: number;
  tallies: Tally[];
  mean?: number;
  median?: number;
}

/** A matrix's "Other (specify)" row: who had one, how they rated it, how many named it. */
export interface OtherRowStats {
  has: ItemStats;
  rating: ItemStats;
  texts: number;
}

/** The results of one question, shaped by its kind. */
export type QuestionStats =
  | { kind: "single"; questionId: string; scale: boolean; item: ItemStats; otherTexts?: number }
  | { kind: "multi"; questionId: string; n: number; tallies: Tally[] }
  | {
      kind: "number";
      questionId: string;
      n: number;
      histogram: Frequency[];
      mean: number;
      median: number;
      q1: number;
      q3: number;
      sd: number;
    }
  | { kind: "text"; questionId: string; answered: number; skipped: number }
  | {
      kind: "matrix";
      questionId: string;
      scale: boolean;
      rows: (ItemStats & { row: string })[];
      otherRow?: OtherRowStats;
    };

/** The question ids of a survey, in order. */
export function questionIds(prompts: PromptList): string[] {
  return prompts.survey.questions.map((question) => question.id);
}

/** Computes one question's results over the responses `filter` admits. */
export function computeQuestion(
  database: Database,
  questionId: string,
  filter: ReportFilter = defaultFilter,
  prompts: PromptList = loadTeacherSurvey(),
): QuestionStats {
  const own = prompts.prompts.filter((prompt) => prompt.questionId === questionId);
  const main = own[0];
  if (!main) throw new Error(`${questionId} is not a question of survey ${prompts.survey.id}`);

  switch (main.kind) {
    case "single": {
      const other = own.find((prompt) => prompt.kind === "text");
      const texts = other ? [other.id] : [];
      const tallies = tallyAnswers(database, { values: [main.id], texts }, filter);
      const item = itemOf(tallies, main.id, main.options, main.scale);
      const otherTexts = other ? answeredIn(tallies, other.id) : undefined;
      return { kind: "single", questionId, scale: main.scale, item, otherTexts };
    }
    case "multi": {
      const { n, ticks } = tallyTicks(database, main.id, main.options, filter);
      const tallies = main.options.map((code, index) => ({ code, count: ticks[index] ?? 0 }));
      return { kind: "multi", questionId, n, tallies };
    }
    case "number": {
      const counts = tallyVariables(database, [main.id], filter).get(main.id) ?? new Map();
      const histogram = [...counts]
        .filter((entry): entry is [string, number] => entry[0] !== null)
        .map(([value, count]) => ({ value: Number(value), count }))
        .sort((a, b) => a.value - b.value);
      return {
        kind: "number",
        questionId,
        n: histogram.reduce((total, { count }) => total + count, 0),
        histogram,
        mean: meanOf(histogram),
        median: quantileOf(histogram, 0.5),
        q1: quantileOf(histogram, 0.25),
        q3: quantileOf(histogram, 0.75),
        sd: standardDeviationOf(histogram),
      };
    }
    case "text":
      return { kind: "text", questionId, ...countTexts(database, main.id, filter) };
    case "row":
    case "has-other-row":
    case "other-row-text":
      return matrixStats(database, questionId, own, filter);
  }
}

function matrixStats(
  database: Database,
  questionId: string,
  own: Prompt[],
  filter: ReportFilter,
): QuestionStats {
  const rated = own.filter((prompt): prompt is Prompt & { kind: "row" } => prompt.kind === "row");
  const has = own.find((prompt) => prompt.kind === "has-other-row");
  const text = own.find((prompt) => prompt.kind === "other-row-text");
  const first = rated[0];
  if (!first) throw new Error(`${questionId} has no rows`);
  const values = [...rated.map((prompt) => prompt.id), ...(has ? [has.id] : [])];
  const texts = text ? [text.id] : [];
  const tallies = tallyAnswers(database, { values, texts }, filter);

  const ownRows = rated.filter((prompt) => !prompt.labelFrom);
  const rows = ownRows.map((prompt) => ({
    row: prompt.row,
    ...itemOf(tallies, prompt.id, prompt.columns, prompt.scale),
  }));
  const otherRating = rated.find((prompt) => prompt.labelFrom);
  const otherRow =
    has && otherRating && text
      ? {
          has: itemOf(tallies, has.id, [YES, NO], false),
          rating: itemOf(tallies, otherRating.id, otherRating.columns, otherRating.scale),
          texts: answeredIn(tallies, text.id),
        }
      : undefined;
  return { kind: "matrix", questionId, scale: first.scale, rows, otherRow };
}

/** How many teachers wrote an answer to a free-text prompt counted with `tallyAnswers`. */
function answeredIn(tallies: VariableTallies, variable: string): number {
  return tallies.get(variable)?.get(ANSWERED) ?? 0;
}

/** An item's tallies in the definition's option order, zeros included. */
function itemOf(
  tallies: VariableTallies,
  variable: string,
  codes: readonly string[],
  scale: boolean,
): ItemStats {
  const counts = tallies.get(variable) ?? new Map<string | null, number>();
  const list = codes.map((code) => ({ code, count: counts.get(code) ?? 0 }));
  const n = list.reduce((total, { count }) => total + count, 0);
  if (!scale) return { variable, n, tallies: list };
  const table = list.map(({ code, count }) => ({ value: Number(code), count }));
  return { variable, n, tallies: list, mean: meanOf(table), median: quantileOf(table, 0.5) };
}
