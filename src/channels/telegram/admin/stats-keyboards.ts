/**
 * The buttons of the /stats menu, and the texts of its navigation screens (the question list,
 * the filter choices). Every button carries the whole menu state; see stats-menu.ts.
 */
import type { InlineKeyboardButton } from "grammy/types";
import { defaultFilter, type ReportFilter } from "../../../reports/filter.js";
import { schoolName, type TextContext } from "../../../reports/stats-text.js";
import type { Keyboard } from "./admin-context.js";
import { type MenuCodec, type MenuState, PICKED, type Screen } from "./stats-menu.js";

/** Schools per page of the school filter. */
export const SCHOOLS_PER_PAGE = 10;

/** Builds the menu's keyboards and navigation texts for one admin's language. */
export function statsKeyboards(codec: MenuCodec, context: TextContext) {
  const { t } = context;
  const questions = context.prompts.survey.questions;
  const go = (
    text: string,
    screen: Screen,
    filter: ReportFilter,
    back: Screen = { kind: "overview" },
  ) =>
    ({
      text,
      callback_data: codec.encode({ screen, filter, back }),
    }) satisfies InlineKeyboardButton;
  const filterButton = (filter: ReportFilter, back: Screen) =>
    go(t("admin:menu.filter"), { kind: "filters" }, filter, back);
  const overviewButton = (filter: ReportFilter) =>
    go(t("admin:menu.overview"), { kind: "overview" }, filter);

  const optionsOf = (questionId: string) => {
    const question = questions.find((q) => q.id === questionId);
    return question && "options" in question ? question.options : [];
  };

  return {
    overview(filter: ReportFilter): Keyboard {
      return [
        [
          go(t("admin:menu.questions"), { kind: "questions" }, filter),
          filterButton(filter, { kind: "overview" }),
        ],
        [go(t("admin:menu.reliability"), { kind: "reliability" }, filter)],
        [go(t("admin:menu.refresh"), { kind: "overview" }, filter)],
      ];
    },

    questionList(filter: ReportFilter): { text: string; keyboard: Keyboard } {
      const lines = questions.map((question, index) => {
        const text = t(`survey:${question.id}.text`);
        return `${index + 1}. ${text.length > 70 ? `${text.slice(0, 69)}…` : text}`;
      });
      const buttons = questions.map((_, index) =>
        go(String(index + 1), { kind: "question", number: index + 1 }, filter, {
          kind: "questions",
        }),
      );
      const rows: Keyboard = [];
      for (let i = 0; i < buttons.length; i += 6) rows.push(buttons.slice(i, i + 6));
      rows.push([overviewButton(filter), filterButton(filter, { kind: "questions" })]);
      return { text: [t("admin:menu.choose_question"), "", ...lines].join("\n"), keyboard: rows };
    },

    question(filter: ReportFilter, number: number, chartable: boolean): Keyboard {
      const here: Screen = { kind: "question", number };
      const rows: Keyboard = [];
      if (chartable)
        rows.push([go(t("admin:menu.chart"), { kind: "chart", number }, filter, here)]);
      const nav: InlineKeyboardButton[] = [];
      if (number > 1)
        nav.push(
          go(
            t("admin:menu.previous", { number: number - 1 }),
            { kind: "question", number: number - 1 },
            filter,
          ),
        );
      nav.push(go(t("admin:menu.questions"), { kind: "questions" }, filter));
      if (number < questions.length)
        nav.push(
          go(
            t("admin:menu.next", { number: number + 1 }),
            { kind: "question", number: number + 1 },
            filter,
          ),
        );
      rows.push(nav, [filterButton(filter, here), overviewButton(filter)]);
      return rows;
    },

    reliability(filter: ReportFilter): Keyboard {
      return [[filterButton(filter, { kind: "reliability" }), overviewButton(filter)]];
    },

    /** The filter menu: one button per filter showing its value, toggles, clear and show. */
    filters(state: MenuState): { text: string; keyboard: Keyboard } {
      const { filter, back } = state;
      const any = t("admin:menu.any");
      const here: Screen = { kind: "filters" };
      const value = (questionId: string, code: string | undefined) =>
        code ? t(`survey:${questionId}.options.${code}`) : any;
      const school = filter.school ? context.schools.byCode(filter.school) : undefined;
      const open = (key: string, shown: string, screen: Screen) =>
        go(t(`admin:menu.${key}`, { value: shown }), screen, filter, back);
      const keyboard: Keyboard = [
        [
          open("district", value(PICKED.district, filter.district), {
            kind: "pick",
            dimension: "district",
          }),
        ],
        [
          open("subject", value(PICKED.subject, filter.subject), {
            kind: "pick",
            dimension: "subject",
          }),
        ],
        [
          open("category", value(PICKED.category, filter.category), {
            kind: "pick",
            dimension: "category",
          }),
        ],
        ...(context.schools.all.length > 0
          ? [[open("school", school ? school.code : any, { kind: "schools", page: 0 })]]
          : []),
        [
          go(
            t(
              filter.status === "completed"
                ? "admin:menu.status_completed"
                : "admin:menu.status_all",
            ),
            here,
            { ...filter, status: filter.status === "completed" ? "all" : "completed" },
            back,
          ),
        ],
        [
          go(
            t(filter.includeTesters ? "admin:menu.testers_on" : "admin:menu.testers_off"),
            here,
            { ...filter, includeTesters: !filter.includeTesters },
            back,
          ),
        ],
        [
          go(t("admin:menu.clear"), here, defaultFilter, back),
          go(t("admin:menu.show"), back, filter),
        ],
      ];
      return { text: t("admin:menu.filters_title"), keyboard };
    },

    /** The options of a district, subject or category filter. */
    pick(state: MenuState, dimension: keyof typeof PICKED): { text: string; keyboard: Keyboard } {
      const questionId = PICKED[dimension];
      const here: Screen = { kind: "filters" };
      const keyboard: Keyboard = optionsOf(questionId).map((code) => [
        go(
          t(`survey:${questionId}.options.${code}`),
          here,
          { ...state.filter, [dimension]: code },
          state.back,
        ),
      ]);
      keyboard.push([
        go(t("admin:menu.any"), here, { ...state.filter, [dimension]: undefined }, state.back),
      ]);
      return { text: t(`admin:menu.pick_${dimension}`), keyboard };
    },

    /** A page of schools for the school filter. */
    schools(state: MenuState, page: number): { text: string; keyboard: Keyboard } {
      const all = context.schools.all;
      const pages = Math.max(1, Math.ceil(all.length / SCHOOLS_PER_PAGE));
      const current = Math.min(Math.max(0, page), pages - 1);
      const here: Screen = { kind: "filters" };
      const keyboard: Keyboard = all
        .slice(current * SCHOOLS_PER_PAGE, (current + 1) * SCHOOLS_PER_PAGE)
        .map((school) => [
          go(
            `${school.code} ${schoolName(school, context.language)}`,
            here,
            { ...state.filter, school: school.code },
            state.back,
          ),
        ]);
      const nav: InlineKeyboardButton[] = [];
      if (current > 0)
        nav.push(go("◀", { kind: "schools", page: current - 1 }, state.filter, state.back));
      if (current < pages - 1)
        nav.push(go("▶", { kind: "schools", page: current + 1 }, state.filter, state.back));
      if (nav.length > 0) keyboard.push(nav);
      keyboard.push([
        go(t("admin:menu.any"), here, { ...state.filter, school: undefined }, state.back),
      ]);
      return { text: t("admin:menu.pick_school", { page: current + 1, pages }), keyboard };
    },
  };
}
