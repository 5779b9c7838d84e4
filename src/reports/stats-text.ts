/**
 * The overview and data-quality texts of /stats, in the admin's language. Every count of
 * teachers goes through small-cell protection; rates and medians need five teachers behind them.
 */
import type { Language } from "../app/ports.js";
import type { Translate } from "../i18n.js";
import type { School, SchoolDirectory } from "../schools.js";
import type { PromptList } from "../survey/prompts.js";
import type { ReportFilter } from "./filter.js";
import type { NumberFormat } from "./format.js";
import type { KeyedCount, Overview } from "./overview.js";
import { FAST_SECONDS_PER_PROMPT, type Reliability } from "./reliability.js";
import { enoughFor } from "./small-cells.js";

/** What every /stats text needs: the admin's language and the study's facts. */
export interface TextContext {
  language: Language;
  t: Translate;
  fmt: NumberFormat;
  prompts: PromptList;
  schools: SchoolDirectory;
}

/** A school's name in the admin's language. */
export function schoolName(school: School, language: Language): string {
  return language === "ru" ? school.name_ru : school.name_kk;
}

/** One line naming the filter in force, so a narrowed figure is never mistaken for the total. */
export function describeFilter(filter: ReportFilter, context: TextContext): string {
  const { t } = context;
  const parts = [t(filter.status === "completed" ? "admin:filter.completed" : "admin:filter.all")];
  if (filter.district) parts.push(t(`survey:q3.options.${filter.district}`));
  if (filter.subject) parts.push(t(`survey:q2.options.${filter.subject}`));
  if (filter.category) parts.push(t(`survey:q5.options.${filter.category}`));
  if (filter.school) {
    const school = context.schools.byCode(filter.school);
    parts.push(school ? `${school.code} ${schoolName(school, context.language)}` : filter.school);
  }
  parts.push(t(filter.includeTesters ? "admin:filter.with_testers" : "admin:filter.no_testers"));
  return t("admin:filter.line", { filter: parts.join(" · ") });
}

/** The overview as text. */
export function overviewText(
  overview: Overview,
  filter: ReportFilter,
  context: TextContext,
): string {
  const { t, fmt } = context;
  const line = (key: string, value: string) => `${t(key)}: ${value}`;
  const rate =
    enoughFor(overview.completed) && enoughFor(overview.consented)
      ? fmt.percent(overview.completed, overview.consented)
      : t("admin:stats.withheld");
  const median = enoughFor(overview.completed)
    ? fmt.duration(overview.medianSecondsToComplete)
    : t("admin:stats.withheld");
  const lines = [
    t("admin:overview.title"),
    describeFilter(filter, context),
    "",
    line("admin:overview.started", fmt.cell(overview.started)),
    line("admin:overview.not_yet_consented", fmt.cell(overview.notYetConsented)),
    line("admin:overview.consented", fmt.cell(overview.consented)),
    line("admin:overview.declined", fmt.cell(overview.declined)),
    line("admin:overview.answering", fmt.cell(overview.answering)),
    line("admin:overview.completed", fmt.cell(overview.completed)),
    line("admin:overview.completion_rate", rate),
    line("admin:overview.median_time", median),
  ];

  lines.push("", t("admin:overview.stopped_at"));
  const order = context.prompts.indexOf;
  const stopped = [...overview.stoppedAt].sort(
    (a, b) => (order.get(a.key ?? "") ?? -1) - (order.get(b.key ?? "") ?? -1),
  );
  lines.push(...countLines(stopped, (key) => key ?? "?", fmt, t));

  const status = t(filter.status === "completed" ? "admin:filter.completed" : "admin:filter.all");
  lines.push("", t("admin:overview.by_district", { status }));
  lines.push(...optionLines("q3", overview.byDistrict, context));
  lines.push("", t("admin:overview.by_subject", { status }));
  lines.push(...optionLines("q2", overview.bySubject, context));
  lines.push("", t("admin:overview.by_school", { status }));
  lines.push(...schoolLines(overview.bySchool, context));
  return lines.join("\n");
}

function countLines(
  counts: readonly KeyedCount[],
  label: (key: string | null) => string,
  fmt: NumberFormat,
  t: Translate,
): string[] {
  if (counts.length === 0) return [`  ${t("admin:stats.none")}`];
  return counts.map(({ key, count }) => `  ${label(key)}: ${fmt.cell(count)}`);
}

/** Counts per option of a question, in the definition's order, zeros included. */
function optionLines(questionId: string, counts: readonly KeyedCount[], context: TextContext) {
  const { t, fmt } = context;
  const question = context.prompts.survey.questions.find((q) => q.id === questionId);
  const options = question && "options" in question ? question.options : [];
  const byKey = new Map(counts.map(({ key, count }) => [key, count]));
  return options.map(
    (code) => `  ${t(`survey:${questionId}.options.${code}`)}: ${fmt.cell(byKey.get(code) ?? 0)}`,
  );
}

/** Each school of the file with its count and response rate, then responses without a school. */
function schoolLines(counts: readonly KeyedCount[], context: TextContext): string[] {
  const { t, fmt, language } = context;
  const byCode = new Map(counts.map(({ key, count }) => [key, count]));
  const lines = context.schools.all.map((school) => {
    const count = byCode.get(school.code) ?? 0;
    const rate =
      enoughFor(count) && school.teachers > 0 ? ` (${fmt.percent(count, school.teachers)})` : "";
    return `  ${school.code} ${schoolName(school, language)}: ${fmt.cell(count)} / ${fmt.count(school.teachers)}${rate}`;
  });
  const known = new Set(context.schools.all.map((school) => school.code));
  for (const { key, count } of counts) {
    if (key !== null && !known.has(key)) lines.push(`  ${key}: ${fmt.cell(count)}`);
  }
  const without = byCode.get(null);
  if (without !== undefined) lines.push(`  ${t("admin:overview.no_school")}: ${fmt.cell(without)}`);
  return lines.length > 0 ? lines : [`  ${t("admin:stats.none")}`];
}

/** Alpha per scale, straight-lining counts and implausibly fast completions, as text. */
export function reliabilityText(
  reliability: Reliability,
  filter: ReportFilter,
  context: TextContext,
): string {
  const { t, fmt } = context;
  const number = (questionId: string) =>
    context.prompts.survey.questions.findIndex((q) => q.id === questionId) + 1;
  const lines = [t("admin:reliability.title"), describeFilter(filter, context), ""];
  lines.push(t("admin:reliability.alpha_heading"));
  for (const scale of reliability.scales) {
    const alpha = enoughFor(scale.n) ? fmt.decimal(scale.alpha, 2) : t("admin:stats.withheld");
    lines.push(
      `  ${t("admin:reliability.alpha_line", {
        number: number(scale.questionId),
        items: scale.variables.length,
        alpha,
        n: fmt.cell(scale.n),
      })}`,
    );
  }
  lines.push("", t("admin:reliability.straight_heading"));
  for (const scale of reliability.scales) {
    lines.push(
      `  ${t("admin:reliability.straight_line", {
        number: number(scale.questionId),
        count: fmt.cell(scale.straightLined),
        n: fmt.cell(scale.n),
      })}`,
    );
  }
  lines.push(
    "",
    t("admin:reliability.fast", {
      seconds: FAST_SECONDS_PER_PROMPT,
      count: fmt.cell(reliability.fast),
      n: fmt.cell(reliability.completions),
    }),
  );
  return lines.join("\n");
}
