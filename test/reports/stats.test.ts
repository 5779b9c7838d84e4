/**
 * The /stats figures against a second, naive computation: a temporary database seeded with
 * known responses, the SQL aggregates of src/reports, and plain JavaScript over the same data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultFilter, type ReportFilter } from "../../src/reports/filter.js";
import { computeOverview } from "../../src/reports/overview.js";
import { computeQuestion } from "../../src/reports/question-stats.js";
import { computeReliability, FAST_SECONDS_PER_PROMPT } from "../../src/reports/reliability.js";
import { cronbachAlpha } from "../../src/reports/statistics.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { loadTeacherSurvey } from "../../src/survey-setup.js";
import { admitted, alphaOf, counted, itemMatrix, mean, quantile, valueCounts } from "./expected.js";
import { generateResponses, insertResponses, type SeededResponse } from "./seed-responses.js";

const prompts = loadTeacherSurvey();
const SCHOOLS = ["SCH01", "SCH02", "SCH03", "SCH04"];
let dir: string;
let database: Database;
let seeded: SeededResponse[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-reports-"));
  database = openDatabase(join(dir, "reports.db"));
  seeded = generateResponses(prompts, { count: 320, seed: 7, schoolCodes: SCHOOLS, testers: 0.05 });
  insertResponses(database, seeded);
});

afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const filters: [string, ReportFilter][] = [
  ["the default filter", defaultFilter],
  ["all statuses with testers", { status: "all", includeTesters: true }],
  ["one district", { ...defaultFilter, district: "karasay" }],
  [
    "a subject, a category and a school",
    {
      status: "all",
      includeTesters: false,
      subject: "english",
      category: "expert",
      school: "SCH02",
    },
  ],
];

describe("computeOverview", () => {
  it.each(filters)("counts respondents by stage under %s", (_, filter) => {
    const people = seeded.filter((r) => admitted(r, filter));
    const stage = (name: string) => people.filter((r) => r.stage === name).length;
    const overview = computeOverview(database, filter);
    expect(overview).toMatchObject({
      started: people.length,
      notYetConsented: stage("language") + stage("consent"),
      consented: people.filter((r) => r.consentedAt !== null).length,
      declined: stage("declined"),
      answering: stage("answering"),
      completed: stage("completed"),
    });

    const stopped = new Map<string, number>();
    for (const r of people.filter((p) => p.stage === "answering"))
      stopped.set(r.cursor ?? "", (stopped.get(r.cursor ?? "") ?? 0) + 1);
    expect(new Map(overview.stoppedAt.map(({ key, count }) => [key, count]))).toEqual(stopped);

    const schools = new Map<string | null, number>();
    for (const r of seeded.filter((p) => counted(p, filter)))
      schools.set(r.schoolCode, (schools.get(r.schoolCode) ?? 0) + 1);
    expect(new Map(overview.bySchool.map(({ key, count }) => [key, count]))).toEqual(schools);
    const districts = new Map(overview.byDistrict.map(({ key, count }) => [key, count]));
    expect(districts).toEqual(valueCounts(seeded, "q3", filter));
  });

  it("finds the median time from consent to the last answer", () => {
    const durations = seeded
      .filter((r) => admitted(r, defaultFilter) && r.stage === "completed")
      .map((r) => ((r.completedAt ?? 0) - (r.consentedAt ?? 0)) / 1000);
    expect(computeOverview(database, defaultFilter).medianSecondsToComplete).toBeCloseTo(
      quantile(durations, 0.5),
      6,
    );
  });
});

describe("computeQuestion", () => {
  it.each(filters)("tallies an ordered scale with mean and median under %s", (_, filter) => {
    const stats = computeQuestion(database, "q14", filter, prompts);
    const values = seeded
      .filter((r) => counted(r, filter) && r.answers.has("q14"))
      .map((r) => Number(r.answers.get("q14")));
    const counts = valueCounts(seeded, "q14", filter);
    expect(stats.kind).toBe("single");
    if (stats.kind !== "single") return;
    expect(stats.item.n).toBe(values.length);
    expect(stats.item.tallies).toEqual(
      ["1", "2", "3", "4", "5"].map((code) => ({ code, count: counts.get(code) ?? 0 })),
    );
    if (values.length > 0) {
      expect(stats.item.mean).toBeCloseTo(mean(values), 10);
      expect(stats.item.median).toBe(quantile(values, 0.5));
    }
  });

  it.each(filters)("counts a choice and the teachers who named their own under %s", (_, filter) => {
    const stats = computeQuestion(database, "q6", filter, prompts);
    const named = seeded.filter(
      (r) => counted(r, filter) && typeof r.answers.get("q6_other") === "string",
    );
    const counts = valueCounts(seeded, "q6", filter);
    expect(stats.kind).toBe("single");
    if (stats.kind !== "single") return;
    expect(stats.otherTexts).toBe(named.length);
    expect(new Map(stats.item.tallies.map(({ code, count }) => [code, count]))).toEqual(
      new Map(stats.item.tallies.map(({ code }) => [code, counts.get(code) ?? 0])),
    );
    expect(stats.item.n).toBe([...counts.values()].reduce((a, b) => a + b, 0));
  });

  it("gives the spread of years for q4", () => {
    const stats = computeQuestion(database, "q4", defaultFilter, prompts);
    const years = seeded
      .filter((r) => counted(r, defaultFilter) && r.answers.has("q4"))
      .map((r) => Number(r.answers.get("q4")));
    const m = mean(years);
    const sd = Math.sqrt(years.reduce((t, v) => t + (v - m) ** 2, 0) / (years.length - 1));
    expect(stats).toMatchObject({ kind: "number", n: years.length });
    if (stats.kind !== "number") return;
    expect(stats.median).toBe(quantile(years, 0.5));
    expect(stats.q1).toBeCloseTo(quantile(years, 0.25), 10);
    expect(stats.q3).toBeCloseTo(quantile(years, 0.75), 10);
    expect(stats.mean).toBeCloseTo(m, 10);
    expect(stats.sd).toBeCloseTo(sd, 10);
  });

  it.each(filters)(
    "counts each activity of q7 among those who answered it under %s",
    (_, filter) => {
      const stats = computeQuestion(database, "q7", filter, prompts);
      const answered = seeded.filter((r) => counted(r, filter) && r.answers.has("q7"));
      expect(stats).toMatchObject({ kind: "multi", n: answered.length });
      if (stats.kind !== "multi") return;
      for (const { code, count } of stats.tallies) {
        const ticked = answered.filter((r) =>
          (r.answers.get("q7") ?? "").split(",").includes(code),
        );
        expect(count, `q7 option ${code}`).toBe(ticked.length);
      }
    },
  );

  it.each(filters)("counts written and skipped open answers under %s", (_, filter) => {
    const stats = computeQuestion(database, "q17", filter, prompts);
    const answers = seeded
      .filter((r) => counted(r, filter) && r.answers.has("q17"))
      .map((r) => r.answers.get("q17"));
    expect(stats).toEqual({
      kind: "text",
      questionId: "q17",
      answered: answers.filter((a) => a !== null).length,
      skipped: answers.filter((a) => a === null).length,
    });
  });

  it.each(filters)(
    "gives one line per matrix row and the teachers' own row under %s",
    (_, filter) => {
      const stats = computeQuestion(database, "q19", filter, prompts);
      expect(stats.kind).toBe("matrix");
      if (stats.kind !== "matrix") return;
      expect(stats.rows.map((row) => row.variable)).toEqual(
        Array.from({ length: 9 }, (_, i) => `q19_${i + 1}`),
      );
      for (const row of stats.rows) {
        const counts = valueCounts(seeded, row.variable, filter);
        expect(row.tallies, row.variable).toEqual(
          ["1", "2", "3"].map((code) => ({ code, count: counts.get(code) ?? 0 })),
        );
      }
      const has = valueCounts(seeded, "q19_10_has", filter);
      expect(stats.otherRow?.has.tallies).toEqual([
        { code: "yes", count: has.get("yes") ?? 0 },
        { code: "no", count: has.get("no") ?? 0 },
      ]);
      const texts = [...valueCounts(seeded, "q19_10_text", filter).values()];
      expect(stats.otherRow?.texts).toBe(texts.reduce((a, b) => a + b, 0));
    },
  );
});

describe("computeReliability", () => {
  it.each(filters)(
    "matches a direct Cronbach's alpha and straight-lining count under %s",
    (_, filter) => {
      const reliability = computeReliability(database, filter, prompts);
      expect(reliability.scales.map((scale) => scale.questionId)).toEqual(["q19", "q20", "q22"]);
      for (const scale of reliability.scales) {
        const matrix = itemMatrix(seeded, scale.variables, filter);
        expect(scale.n, scale.questionId).toBe(matrix.length);
        const straight = matrix.filter((row) => row.every((value) => value === row[0])).length;
        expect(scale.straightLined, scale.questionId).toBe(straight);
        if (matrix.length >= 3)
          expect(scale.alpha, scale.questionId).toBeCloseTo(alphaOf(matrix), 10);
      }
    },
  );

  it("flags completions faster than the threshold per prompt answered", () => {
    const finished = seeded.filter((r) => admitted(r, defaultFilter) && r.stage === "completed");
    const fast = finished.filter(
      (r) =>
        (r.completedAt ?? 0) - (r.consentedAt ?? 0) <
        FAST_SECONDS_PER_PROMPT * 1000 * r.answers.size,
    );
    const reliability = computeReliability(database, defaultFilter, prompts);
    expect(reliability.completions).toBe(finished.length);
    expect(reliability.fast).toBe(fast.length);
    expect(fast.length).toBeGreaterThan(0);
  });

  it("gives the hand-computed alpha of a small data set from sums alone", () => {
    // Five people, three items: item variances 1.3, 2.2 and 1.0, variance of the totals 10.3,
    // so alpha = 3/2 * (1 - 4.5 / 10.3) = 0.8447.
    const rows = [
      [1, 2, 1],
      [2, 3, 2],
      [3, 3, 3],
      [4, 5, 3],
      [3, 1, 1],
    ];
    const sums = {
      n: 5,
      items: [
        { sum: 13, squares: 39 },
        { sum: 14, squares: 48 },
        { sum: 10, squares: 24 },
      ],
      totalSum: 37,
      totalSquares: 315,
    };
    expect(cronbachAlpha(sums)).toBeCloseTo(0.8447, 4);
    expect(alphaOf(rows)).toBeCloseTo(0.8447, 4);
  });
});
