/**
 * Charts drawn from real aggregates: valid PNGs of the documented size, not blank, with the
 * labels (Kazakh letters included) in the SVG text and drawn with the bundled font.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Language } from "../../src/app/ports.js";
import { loadTranslations, type Translations } from "../../src/i18n.js";
import { questionChart } from "../../src/reports/chart-specs.js";
import { defaultFilter, type ReportFilter } from "../../src/reports/filter.js";
import { numberFormat } from "../../src/reports/format.js";
import { computeQuestion } from "../../src/reports/question-stats.js";
import { renderChart } from "../../src/reports/render-chart.js";
import { FONT_FAMILY, svgToPng } from "../../src/reports/render-png.js";
import type { TextContext } from "../../src/reports/stats-text.js";
import { loadSchools } from "../../src/schools.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { loadTeacherSurvey } from "../../src/survey-setup.js";
import { readPng } from "./png.js";
import { generateResponses, insertResponses } from "./seed-responses.js";

const prompts = loadTeacherSurvey();
let dir: string;
let database: Database;
let translations: Translations;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-charts-"));
  database = openDatabase(join(dir, "charts.db"));
  insertResponses(
    database,
    generateResponses(prompts, { count: 260, seed: 3, schoolCodes: ["SCH01"] }),
  );
  translations = await loadTranslations();
});

afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function context(language: Language): TextContext {
  const t = translations.t(language);
  return { language, t, fmt: numberFormat(language, t), prompts, schools: loadSchools(undefined) };
}

async function chartOf(
  questionId: string,
  language: Language,
  filter: ReportFilter = defaultFilter,
) {
  const stats = computeQuestion(database, questionId, filter, prompts);
  const spec = questionChart(stats, filter, context(language));
  if (!spec) throw new Error(`no chart for ${questionId}`);
  return { spec, chart: await renderChart(spec) };
}

describe("charts", () => {
  it("draws a matrix as diverging bars: one bar per row, Kazakh labels, 1200 px wide", async () => {
    const { chart } = await chartOf("q19", "kk");
    const png = readPng(chart.bytes);
    // 150 px of title, 64 per bar (nine rows and the teachers' own row), 110 of axis and legend.
    expect([png.width, png.height]).toEqual([1200, 150 + 10 * 64 + 110]);
    expect(png.ink).toBeGreaterThan(0.15);
    expect(png.colours).toBeGreaterThan(20);
    for (const label of [
      "Оқу құралдарының",
      "Интернеттің әлсіздігі",
      "Үлкен кедергі",
      "Ешқандай кедергі жоқ",
      "Басқа (көрсетіңіз)",
      "Сұрақ 19 / 22",
    ]) {
      expect(chart.svg).toContain(label);
    }
  });

  it("labels the same chart in Russian for a Russian-speaking admin", async () => {
    const { chart } = await chartOf("q19", "ru");
    expect(chart.svg).toContain("Вопрос 19 из 22");
    expect(chart.svg).toContain("Большое препятствие");
    expect(chart.svg).not.toContain("Үлкен кедергі");
  });

  it("draws a single ordered scale as one diverging bar", async () => {
    const { chart } = await chartOf("q14", "kk");
    expect([chart.width, chart.height]).toEqual([1200, 150 + 64 + 110]);
    expect(chart.svg).toContain("Өте жақсы");
  });

  it("draws choices as bars and hides cells under five", async () => {
    // A district where some subject has under five teachers, but the question has five or more.
    const district = ["talgar", "ile", "konaev", "zhambyl"].find((code) => {
      const stats = computeQuestion(database, "q2", { ...defaultFilter, district: code }, prompts);
      return (
        stats.kind === "single" && stats.item.n >= 5 && stats.item.tallies.some((c) => c.count < 5)
      );
    });
    expect(district).toBeDefined();
    const { chart } = await chartOf("q2", "kk", { ...defaultFilter, district });
    expect([chart.width, chart.height]).toEqual([1200, 150 + 8 * 44 + 70]);
    expect(chart.svg).toContain("Ағылшын тілі");
    expect(chart.svg).toContain("&lt; 5");
    expect(readPng(chart.bytes).ink).toBeGreaterThan(0.05);
  });

  it("draws q4 as a histogram of five-year bins", async () => {
    const { chart } = await chartOf("q4", "kk");
    expect([chart.width, chart.height]).toEqual([1200, 620]);
    expect(chart.svg).toContain("Педагогикалық өтіл, жыл");
    expect(readPng(chart.bytes).ink).toBeGreaterThan(0.1);
  });

  it("offers no chart for open answers or for fewer than five answers", () => {
    const q17 = computeQuestion(database, "q17", defaultFilter, prompts);
    expect(questionChart(q17, defaultFilter, context("kk"))).toBeUndefined();
    const tiny = { ...defaultFilter, school: "NO-SUCH-SCHOOL" };
    const empty = computeQuestion(database, "q8", tiny, prompts);
    expect(questionChart(empty, tiny, context("kk"))).toBeUndefined();
  });

  it("draws every Kazakh letter with the bundled font, on a machine without fonts", () => {
    for (const letter of [
      "ә",
      "ғ",
      "қ",
      "ң",
      "ө",
      "ұ",
      "ү",
      "һ",
      "і",
      "Ә",
      "Ғ",
      "Қ",
      "Ң",
      "Ө",
      "Ұ",
      "Ү",
      "Һ",
      "І",
    ]) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><text x="10" y="45" font-family="${FONT_FAMILY}" font-size="40">${letter}</text></svg>`;
      // resvg draws nothing for a glyph its fonts lack, so ink proves the letter is covered.
      expect(readPng(svgToPng(svg).bytes).ink, letter).toBeGreaterThan(0.02);
    }
  });
});
