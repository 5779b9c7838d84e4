/**
 * One question's results as text for /stats: counts and shares per option, means and medians
 * of ordered scales, one line per matrix row. Free-text answers are counted, never printed:
 * they are read in the export.
 */
import type { Translate } from "../i18n.js";
import type { ReportFilter } from "./filter.js";
import type { NumberFormat } from "./format.js";
import type { ItemStats, QuestionStats, Tally } from "./question-stats.js";
import { enoughFor, protect } from "./small-cells.js";
import { describeFilter, type TextContext } from "./stats-text.js";

/** The question's heading: number, total and wording. */
export function questionTitle(questionId: string, context: TextContext): string {
  const questions = context.prompts.survey.questions;
  const number = questions.findIndex((question) => question.id === questionId) + 1;
  return context.t("admin:question.title", {
    number,
    total: questions.length,
    text: context.t(`survey:${questionId}.text`),
  });
}

/** The whole per-question view. */
export function questionText(
  stats: QuestionStats,
  filter: ReportFilter,
  context: TextContext,
): string {
  const { t, fmt } = context;
  const q = `survey:${stats.questionId}`;
  const lines = [questionTitle(stats.questionId, context), describeFilter(filter, context), ""];
  const answered = (n: number) => t("admin:question.answered", { n: fmt.cell(n) });

  switch (stats.kind) {
    case "single": {
      const { item } = stats;
      lines.push(answered(item.n));
      if (!enoughFor(item.n)) return withheld(lines, t);
      lines.push(...tallyLines(item.tallies, item.n, (code) => t(`${q}.options.${code}`), fmt));
      if (item.mean !== undefined) lines.push(summaryLine(item, fmt, t));
      if (stats.otherTexts !== undefined)
        lines.push("", t("admin:question.other_texts", { count: fmt.cell(stats.otherTexts) }));
      break;
    }
    case "multi":
      lines.push(answered(stats.n), t("admin:question.multi_note"));
      if (!enoughFor(stats.n)) return withheld(lines, t);
      lines.push(
        ...tallyLines(
          stats.tallies,
          stats.n,
          (code) => `${code}. ${t(`${q}.options.${code}`).replace(/\.$/, "")}`,
          fmt,
        ),
      );
      break;
    case "number":
      lines.push(answered(stats.n));
      if (!enoughFor(stats.n)) return withheld(lines, t);
      lines.push(
        t("admin:question.years", {
          median: fmt.decimal(stats.median, 1),
          q1: fmt.decimal(stats.q1, 1),
          q3: fmt.decimal(stats.q3, 1),
          mean: fmt.decimal(stats.mean, 1),
          sd: fmt.decimal(stats.sd, 1),
        }),
      );
      break;
    case "text":
      lines.push(
        t("admin:question.texts", {
          answered: fmt.cell(stats.answered),
          skipped: fmt.cell(stats.skipped),
        }),
        t("admin:question.texts_in_export"),
      );
      break;
    case "matrix":
      lines.push(...matrixLines(stats, context));
      break;
  }
  return lines.join("\n");
}

function withheld(lines: string[], t: Translate): string {
  return [...lines, t("admin:question.too_few")].join("\n");
}

/** "label: count (share)" per option, shares of `n`; small cells shown as "< 5" alone. */
function tallyLines(
  tallies: readonly Tally[],
  n: number,
  label: (code: string) => string,
  fmt: NumberFormat,
): string[] {
  return tallies.map(({ code, count }) => `${label(code)}: ${cellWithShare(count, n, fmt)}`);
}

function cellWithShare(count: number, n: number, fmt: NumberFormat): string {
  return protect(count).shown ? `${fmt.count(count)} (${fmt.percent(count, n)})` : fmt.cell(count);
}

function summaryLine(item: ItemStats, fmt: NumberFormat, t: Translate): string {
  return t("admin:question.summary", {
    mean: fmt.decimal(item.mean ?? Number.NaN, 2),
    median: fmt.decimal(item.median ?? Number.NaN, 1),
  });
}

/** A legend of columns, then one line per row: n, each column's count, mean and median. */
function matrixLines(stats: QuestionStats & { kind: "matrix" }, context: TextContext): string[] {
  const { t, fmt } = context;
  const q = `survey:${stats.questionId}`;
  const columns = stats.rows[0]?.tallies.map(({ code }) => code) ?? [];
  const legend = columns.map((code) => `${code} — ${t(`${q}.columns.${code}`)}`).join("; ");
  const lines = [t("admin:question.columns", { legend }), ""];

  const rowLines = (label: string, item: ItemStats) => {
    const head = `${label} (n = ${fmt.cell(item.n)})`;
    if (!enoughFor(item.n)) return [head, `   ${t("admin:question.too_few")}`];
    const cells = item.tallies.map(
      ({ code, count }) => `${code}: ${cellWithShare(count, item.n, fmt)}`,
    );
    if (item.mean !== undefined) cells.push(summaryLine(item, fmt, t));
    return [head, `   ${cells.join(" · ")}`];
  };
  for (const row of stats.rows) {
    lines.push(...rowLines(`${row.row}. ${t(`${q}.rows.${row.row}`)}`, row));
  }
  const other = stats.otherRow;
  if (other) {
    const [yes, no] = other.has.tallies;
    lines.push(
      "",
      t("admin:question.other_row", {
        label: t(`${q}.otherRow.label`),
        yes: fmt.cell(yes?.count ?? 0),
        no: fmt.cell(no?.count ?? 0),
        texts: fmt.cell(other.texts),
      }),
    );
    if (other.rating.n > 0) lines.push(...rowLines(t(`${q}.otherRow.label`), other.rating));
  }
  return lines;
}
