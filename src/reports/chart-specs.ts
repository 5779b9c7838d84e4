/**
 * Vega-Lite specs for /stats charts: diverging stacked bars for ordered scales (one bar per
 * matrix row), plain bars for single and multiple choice, a histogram for q4's years. Labels are
 * in the admin's language; the size of each chart is fixed by its number of bars.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ReportFilter } from "./filter.js";
import type { QuestionStats, Tally } from "./question-stats.js";
import { FONT_FAMILY } from "./render-png.js";
import { enoughFor, MIN_CELL, protect } from "./small-cells.js";
import { describeFilter, type TextContext } from "./stats-text.js";
import { wrap } from "./wrap-text.js";

/** Every chart's width in pixels; Telegram shows photos up to 1280 wide without scaling. */
export const CHART_WIDTH = 1200;
const HEADER = 150;
const DIVERGING_BAR = 64;
const DIVERGING_FOOTER = 110;
const BAR = 44;
const BAR_FOOTER = 70;
const HISTOGRAM_HEIGHT = 620;

/** A spec with the pixel size the PNG will have. */
export interface ChartSpec {
  spec: TopLevelSpec;
  width: number;
  height: number;
}

/** One row of a diverging chart: a label and its counts per ordered option. */
interface ScaleRow {
  label: string;
  n: number;
  tallies: readonly Tally[];
}

/** The chart of a question, or undefined for free text and for fewer than five answers. */
export function questionChart(
  stats: QuestionStats,
  filter: ReportFilter,
  context: TextContext,
): ChartSpec | undefined {
  const { t } = context;
  const q = `survey:${stats.questionId}`;
  switch (stats.kind) {
    case "single": {
      const { item } = stats;
      if (!enoughFor(item.n)) return undefined;
      const label = (code: string) => t(`${q}.options.${code}`);
      const title = titleOf(stats.questionId, item.n, filter, context);
      if (stats.scale) {
        const options = item.tallies.map(({ code }) => label(code));
        return diverging(title, [{ label: t("admin:chart.all_answers"), ...item }], options);
      }
      return bars(title, item.tallies, item.n, label, context);
    }
    case "multi": {
      if (!enoughFor(stats.n)) return undefined;
      const title = titleOf(stats.questionId, stats.n, filter, context);
      return bars(
        title,
        stats.tallies,
        stats.n,
        (code) => `${code}. ${t(`${q}.options.${code}`)}`,
        context,
      );
    }
    case "number":
      if (!enoughFor(stats.n)) return undefined;
      return histogram(
        titleOf(stats.questionId, stats.n, filter, context),
        stats.histogram,
        context,
      );
    case "text":
      return undefined;
    case "matrix": {
      const rows: ScaleRow[] = stats.rows
        .filter((row) => enoughFor(row.n))
        .map((row) => ({ label: `${row.row}. ${t(`${q}.rows.${row.row}`)}`, ...row }));
      const other = stats.otherRow?.rating;
      if (other && enoughFor(other.n)) rows.push({ label: t(`${q}.otherRow.label`), ...other });
      if (rows.length === 0) return undefined;
      const n = Math.max(...rows.map((row) => row.n));
      const columns = (stats.rows[0]?.tallies ?? []).map(({ code }) => t(`${q}.columns.${code}`));
      return diverging(titleOf(stats.questionId, n, filter, context), rows, columns);
    }
  }
}

interface Title {
  text: string[];
  subtitle: string[];
}

function titleOf(questionId: string, n: number, filter: ReportFilter, context: TextContext): Title {
  const { t } = context;
  const questions = context.prompts.survey.questions;
  const number = questions.findIndex((question) => question.id === questionId) + 1;
  const heading = t("admin:chart.heading", { number, total: questions.length });
  const text = [heading, ...wrap(t(`survey:${questionId}.text`), 90, 2)];
  const subtitle = wrap(`n = ${context.fmt.count(n)} · ${describeFilter(filter, context)}`, 120, 2);
  return { text, subtitle };
}

/**
 * Shares of each row drawn left of zero for the lower half of the scale, right for the upper.
 * Known gap: a segment of fewer than five teachers is drawn to scale (only its label is left
 * off), because hiding it would bend every other segment of the bar; the chart as a whole still
 * needs five answers.
 */
function diverging(title: Title, rows: readonly ScaleRow[], options: readonly string[]): ChartSpec {
  const k = options.length;
  const values = rows.flatMap((row) => {
    const shares = row.tallies.map(({ count }) => (100 * count) / row.n);
    const below = shares.slice(0, Math.floor(k / 2)).reduce((a, b) => a + b, 0);
    const middle = k % 2 === 1 ? (shares[Math.floor(k / 2)] ?? 0) / 2 : 0;
    let start = -(below + middle);
    return row.tallies.map(({ count }, index) => {
      const share = shares[index] ?? 0;
      const segment = {
        row: wrap(row.label, 38, 3).join("\n"),
        option: options[index],
        start,
        end: start + share,
        text: share >= 7 && count >= MIN_CELL ? `${Math.round(share)}%` : "",
      };
      start += share;
      return segment;
    });
  });
  const reach = Math.max(10, ...values.map((v) => Math.max(-v.start, v.end)));
  const domain = Math.min(100, Math.ceil(reach / 10) * 10);
  const height = HEADER + rows.length * DIVERGING_BAR + DIVERGING_FOOTER;
  const spec = {
    ...frame(title, height),
    data: { values },
    encoding: {
      y: {
        field: "row",
        type: "nominal",
        sort: null,
        title: null,
        axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: 420, labelFontSize: 14 },
      },
    },
    layer: [
      {
        mark: "bar",
        encoding: {
          x: {
            field: "start",
            type: "quantitative",
            title: "%",
            scale: { domain: [-domain, domain] },
            axis: { labelExpr: "abs(datum.value) + '%'", tickCount: 10 },
          },
          x2: { field: "end" },
          color: {
            field: "option",
            type: "nominal",
            sort: [...options],
            scale: { domain: [...options], range: divergingPalette(k) },
            legend: {
              orient: "bottom",
              title: null,
              labelLimit: 520,
              labelFontSize: 14,
              columns: k > 3 ? 2 : k,
            },
          },
        },
      },
      {
        transform: [{ calculate: "(datum.start + datum.end) / 2", as: "middle" }],
        mark: { type: "text", fontSize: 13 },
        encoding: { x: { field: "middle", type: "quantitative" }, text: { field: "text" } },
      },
    ],
  };
  return { spec: spec as TopLevelSpec, width: CHART_WIDTH, height };
}

/** Horizontal bars of shares; a cell under five teachers is drawn empty and labelled "< 5". */
function bars(
  title: Title,
  tallies: readonly Tally[],
  n: number,
  label: (code: string) => string,
  context: TextContext,
): ChartSpec {
  const { fmt } = context;
  const values = tallies.map(({ code, count }) => {
    const shown = protect(count).shown;
    return {
      option: wrap(label(code), 44, 3).join("\n"),
      share: shown ? (100 * count) / n : 0,
      text: shown ? `${fmt.count(count)} (${fmt.percent(count, n)})` : fmt.cell(count),
    };
  });
  const height = HEADER + tallies.length * BAR + BAR_FOOTER;
  const y = {
    field: "option",
    type: "nominal",
    sort: null,
    title: null,
    axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: 460, labelFontSize: 13 },
  };
  const spec = {
    ...frame(title, height),
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: "bar", color: "#3b75af" },
        encoding: {
          x: { field: "share", type: "quantitative", title: "%", scale: { domain: [0, 100] } },
        },
      },
      {
        mark: { type: "text", align: "left", dx: 6, fontSize: 13 },
        encoding: { x: { field: "share", type: "quantitative" }, text: { field: "text" } },
      },
    ],
  };
  return { spec: spec as TopLevelSpec, width: CHART_WIDTH, height };
}

/** Years in five-year bins; a bin under five teachers is drawn empty and labelled "< 5". */
function histogram(
  title: Title,
  frequencies: readonly { value: number; count: number }[],
  context: TextContext,
): ChartSpec {
  const { t } = context;
  const small = JSON.stringify(t("admin:stats.small_cell"));
  const spec = {
    ...frame(title, HISTOGRAM_HEIGHT),
    data: { values: frequencies.map(({ value, count }) => ({ years: value, count })) },
    transform: [
      { bin: { step: 5, extent: [0, 60] }, field: "years", as: ["from", "to"] },
      { aggregate: [{ op: "sum", field: "count", as: "teachers" }], groupby: ["from", "to"] },
      { calculate: `datum.teachers < ${MIN_CELL} ? 0 : datum.teachers`, as: "shown" },
      {
        calculate: `datum.teachers < ${MIN_CELL} ? ${small} : format(datum.teachers, 'd')`,
        as: "label",
      },
    ],
    layer: [
      {
        mark: { type: "bar", color: "#3b75af" },
        encoding: {
          x: {
            field: "from",
            type: "quantitative",
            bin: { binned: true, step: 5 },
            title: t("admin:chart.years"),
          },
          x2: { field: "to" },
          y: { field: "shown", type: "quantitative", title: t("admin:chart.teachers") },
        },
      },
      {
        mark: { type: "text", dy: -8, fontSize: 13 },
        transform: [{ calculate: "(datum.from + datum.to) / 2", as: "middle" }],
        encoding: {
          x: { field: "middle", type: "quantitative" },
          y: { field: "shown", type: "quantitative" },
          text: { field: "label" },
        },
      },
    ],
  };
  return { spec: spec as TopLevelSpec, width: CHART_WIDTH, height: HISTOGRAM_HEIGHT };
}

/** What every chart shares: size, title, font. */
function frame(title: Title, height: number) {
  return {
    width: CHART_WIDTH,
    height,
    padding: 16,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    title: {
      text: title.text,
      subtitle: title.subtitle,
      anchor: "start",
      fontSize: 19,
      subtitleFontSize: 14,
      subtitlePadding: 6,
      offset: 14,
    },
    config: { font: FONT_FAMILY, view: { stroke: null }, axis: { labelFontSize: 12 } },
  };
}

/** Blue for the low end, grey in the middle, orange for the high end. */
function divergingPalette(k: number): string[] {
  const low = ["#2f6ca3", "#7fafd8", "#bcd6ec"];
  const high = ["#e0702a", "#f2a46b", "#f8cfae"];
  const half = Math.floor(k / 2);
  const left = low.slice(0, half).concat(Array(Math.max(0, half - low.length)).fill("#bcd6ec"));
  const right = high.slice(0, half).reverse();
  return [...left, ...(k % 2 === 1 ? ["#d4d4d4"] : []), ...right];
}
