/**
 * /stats for admins: the overview first, then a menu of inline buttons to a question, its
 * chart, the data-quality figures, and filters. "/stats 8" (or "/stats q8") opens question 8.
 */
import { Composer, type Context, InputFile } from "grammy";
import { questionChart } from "../../../reports/chart-specs.js";
import { defaultFilter, type ReportFilter } from "../../../reports/filter.js";
import { computeOverview } from "../../../reports/overview.js";
import { computeQuestion } from "../../../reports/question-stats.js";
import { questionText, questionTitle } from "../../../reports/question-text.js";
import { computeReliability } from "../../../reports/reliability.js";
import { renderChart } from "../../../reports/render-chart.js";
import { overviewText, reliabilityText } from "../../../reports/stats-text.js";
import { answerPress } from "../deliver.js";
import {
  type AdminDeps,
  type Keyboard,
  languageOf,
  showText,
  textContext,
} from "./admin-context.js";
import { statsKeyboards } from "./stats-keyboards.js";
import { type MenuState, menuCodec } from "./stats-menu.js";

/** Telegram's limit on a photo caption. */
const CAPTION_LIMIT = 1024;

/** The /stats command and the presses of its menu. */
export function statsHandlers(deps: AdminDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const codec = menuCodec(deps.prompts, deps.schools);
  const questions = deps.prompts.survey.questions;

  /** The text and buttons of a screen that is not a chart. */
  function render(ctx: Context, state: MenuState): { text: string; keyboard: Keyboard } {
    const context = textContext(languageOf(ctx, deps), deps);
    const keyboards = statsKeyboards(codec, context);
    const { screen, filter } = state;
    switch (screen.kind) {
      case "questions":
        return keyboards.questionList(filter);
      case "question":
      case "chart": {
        const questionId = questions[screen.number - 1]?.id ?? "";
        const stats = computeQuestion(deps.reports, questionId, filter, deps.prompts);
        const chartable = questionChart(stats, filter, context) !== undefined;
        return {
          text: questionText(stats, filter, context),
          keyboard: keyboards.question(filter, screen.number, chartable),
        };
      }
      case "reliability": {
        const reliability = computeReliability(deps.reports, filter, deps.prompts);
        return {
          text: reliabilityText(reliability, filter, context),
          keyboard: keyboards.reliability(filter),
        };
      }
      case "filters":
        return keyboards.filters(state);
      case "pick":
        return keyboards.pick(state, screen.dimension);
      case "schools":
        return keyboards.schools(state, screen.page);
      case "overview": {
        const overview = computeOverview(deps.reports, filter);
        return {
          text: overviewText(overview, filter, context),
          keyboard: keyboards.overview(filter),
        };
      }
    }
  }

  /** Sends the chart of question `number` as a photo. */
  async function sendChart(ctx: Context, number: number, filter: ReportFilter): Promise<void> {
    const context = textContext(languageOf(ctx, deps), deps);
    const questionId = questions[number - 1]?.id ?? "";
    const stats = computeQuestion(deps.reports, questionId, filter, deps.prompts);
    const chart = questionChart(stats, filter, context);
    if (!chart) {
      await ctx.reply(context.t("admin:chart.unavailable"));
      return;
    }
    const image = await renderChart(chart);
    const caption = questionTitle(questionId, context).slice(0, CAPTION_LIMIT);
    await ctx.replyWithPhoto(new InputFile(image.bytes, `${questionId}.png`), { caption });
    deps.logger.debug(
      { question: questionId, width: image.width, height: image.height },
      "chart sent",
    );
  }

  composer.command("stats", async (ctx) => {
    const number = Number(/^q?(\d{1,2})$/i.exec(ctx.match.trim())?.[1] ?? 0);
    const screen =
      number >= 1 && number <= questions.length
        ? { kind: "question" as const, number }
        : { kind: "overview" as const };
    const { text, keyboard } = render(ctx, {
      screen,
      filter: defaultFilter,
      back: { kind: "overview" },
    });
    await showText(ctx, text, keyboard);
  });

  composer.callbackQuery(/^st:/, async (ctx) => {
    const state = codec.decode(ctx.callbackQuery.data);
    const t = deps.translations.t(languageOf(ctx, deps));
    if (!state) return answerPress(ctx, t("admin:menu.stale"));
    if (state.screen.kind === "chart") {
      await answerPress(ctx, t("admin:chart.drawing"));
      return sendChart(ctx, state.screen.number, state.filter);
    }
    await answerPress(ctx);
    const { text, keyboard } = render(ctx, state);
    await showText(ctx, text, keyboard);
  });

  return composer;
}
