/**
 * parseSurvey: the teacher survey is accepted, and a broken definition is refused with every
 * problem listed, each located by its path inside the definition.
 */
import { describe, expect, it } from "vitest";
import {
  type DefinitionIssue,
  parseSurvey,
  type SurveyInput,
} from "../../src/survey/definition.js";
import { teacherSurvey } from "../../src/surveys/teacher-survey.js";

/** A small valid survey; each test breaks a copy of it. */
function baseSurvey(): SurveyInput {
  return {
    id: "small",
    version: 1,
    otherTextMaxLength: 100,
    questions: [
      {
        id: "q1",
        kind: "single",
        section: "general",
        options: ["yes", "no"],
        branches: [{ when: "no", goto: "q4" }],
      },
      {
        id: "q2",
        kind: "single",
        section: "general",
        options: ["a", "b", "other"],
        other: "other",
      },
      { id: "q3", kind: "number", section: "general", min: 0, max: 60 },
      { id: "q4", kind: "single", section: "course", options: ["1", "2", "3"], scale: true },
      { id: "q5", kind: "multi", section: "course", options: ["a", "b", "c"], minSelected: 1 },
      {
        id: "q6",
        kind: "matrix",
        section: "course",
        rows: ["1", "2"],
        columns: ["1", "2", "3"],
        scale: true,
        otherRow: "3",
      },
      { id: "q7", kind: "text", section: "course", maxLength: 500, skippable: true },
    ],
  };
}

/** A copy of the base survey with question `index` replaced by the result of `change`. */
function withQuestion(
  index: number,
  change: (question: Record<string, unknown>) => Record<string, unknown>,
): SurveyInput {
  const survey = baseSurvey();
  const question = survey.questions[index];
  if (!question) throw new Error(`the base survey has no question ${index}`);
  survey.questions[index] = change({ ...question }) as unknown as SurveyInput["questions"][number];
  return survey;
}

function issuesOf(raw: unknown): DefinitionIssue[] {
  const result = parseSurvey(raw);
  if (result.ok) throw new Error("expected the definition to be refused");
  return result.issues;
}

function pathsOf(raw: unknown): string[] {
  return issuesOf(raw)
    .map((issue) => issue.path)
    .sort();
}

describe("parseSurvey on the teacher survey", () => {
  it("accepts the definition and keeps its 22 questions in paper order", () => {
    const result = parseSurvey(teacherSurvey);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const ids = result.survey.questions.map((question) => question.id);
    expect(ids).toEqual(Array.from({ length: 22 }, (_, i) => `q${i + 1}`));
  });

  it("fills in the defaults a definition may leave out", () => {
    const result = parseSurvey(teacherSurvey);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const q1 = result.survey.questions[0];
    expect(q1).toMatchObject({ id: "q1", kind: "single", scale: false, branches: [] });
  });
});

describe("parseSurvey on a valid small survey", () => {
  it("accepts it, so every refusal below is caused by the one change made", () => {
    expect(parseSurvey(baseSurvey()).ok).toBe(true);
  });
});

describe("parseSurvey on a broken definition", () => {
  it("reports a duplicate question id at the second occurrence", () => {
    const survey = withQuestion(3, (q) => ({ ...q, id: "q2" }));
    expect(issuesOf(survey)).toContainEqual({
      path: "questions.3.id",
      message: "duplicate question id q2",
    });
  });

  it("reports a branch to a question that does not exist", () => {
    const survey = withQuestion(0, (q) => ({ ...q, branches: [{ when: "no", goto: "q99" }] }));
    expect(issuesOf(survey)).toEqual([
      { path: "questions.0.branches.0.goto", message: "unknown question" },
    ]);
  });

  it("reports a branch that goes backwards", () => {
    const survey = withQuestion(4, (q) => ({
      ...q,
      kind: "single",
      options: ["yes", "no"],
      minSelected: undefined,
      branches: [{ when: "yes", goto: "q2" }],
    }));
    expect(issuesOf(survey)).toEqual([
      {
        path: "questions.4.branches.0.goto",
        message: "a branch must skip forward past at least one question",
      },
    ]);
  });

  it("reports a branch to the question itself and to the very next one", () => {
    const survey = withQuestion(0, (q) => ({
      ...q,
      branches: [
        { when: "yes", goto: "q1" },
        { when: "no", goto: "q2" },
      ],
    }));
    expect(pathsOf(survey)).toEqual(["questions.0.branches.0.goto", "questions.0.branches.1.goto"]);
  });

  it("reports a branch on an option the question does not offer", () => {
    const survey = withQuestion(0, (q) => ({ ...q, branches: [{ when: "maybe", goto: "q4" }] }));
    expect(issuesOf(survey)).toEqual([
      { path: "questions.0.branches.0.when", message: "unknown option maybe" },
    ]);
  });

  it("reports a branch on the Other option, which would skip past the Other text", () => {
    // Choosing "other" here would jump to q4 and clear q2_other before it is ever asked.
    const survey = withQuestion(1, (q) => ({ ...q, branches: [{ when: "other", goto: "q4" }] }));
    const result = parseSurvey(survey);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((issue) => issue.path);
    expect(paths).toContainEqual(expect.stringMatching(/^questions\.1\./));
  });

  it("reports scale codes that are not 1..n", () => {
    const survey = withQuestion(3, (q) => ({ ...q, options: ["0", "1", "2"] }));
    expect(pathsOf(survey)).toEqual(["questions.3"]);
  });

  it("reports scale codes 1..n given out of order", () => {
    const survey = withQuestion(3, (q) => ({ ...q, options: ["1", "3", "2"] }));
    expect(pathsOf(survey)).toEqual(["questions.3"]);
  });

  it("reports matrix scale columns that are not 1..n", () => {
    const survey = withQuestion(5, (q) => ({ ...q, columns: ["a", "b", "c"] }));
    expect(pathsOf(survey)).toEqual(["questions.5"]);
  });

  it("reports an `other` that is not among the options", () => {
    const survey = withQuestion(1, (q) => ({ ...q, other: "else" }));
    expect(issuesOf(survey)).toEqual([
      { path: "questions.1.other", message: "unknown option else" },
    ]);
  });

  it("reports a number question whose min is greater than its max", () => {
    const survey = withQuestion(2, (q) => ({ ...q, min: 10, max: 5 }));
    expect(issuesOf(survey)).toEqual([
      { path: "questions.2.min", message: "min is greater than max" },
    ]);
  });

  it("reports repeated option, row and column codes", () => {
    const options = withQuestion(1, (q) => ({ ...q, options: ["a", "a", "other"] }));
    expect(pathsOf(options)).toEqual(["questions.1.options"]);
    const rows = withQuestion(5, (q) => ({ ...q, rows: ["1", "1"] }));
    expect(pathsOf(rows)).toEqual(["questions.5.rows"]);
    const columns = withQuestion(5, (q) => ({ ...q, scale: false, columns: ["x", "x"] }));
    expect(pathsOf(columns)).toEqual(["questions.5.columns"]);
  });

  it("reports a multiple choice that requires more ticks than it has options", () => {
    const survey = withQuestion(4, (q) => ({ ...q, minSelected: 4 }));
    expect(pathsOf(survey)).toEqual(["questions.4.minSelected"]);
  });

  it("reports an other row that repeats a row code", () => {
    const survey = withQuestion(5, (q) => ({ ...q, otherRow: "2" }));
    expect(pathsOf(survey)).toEqual(["questions.5.otherRow"]);
  });

  it("reports every semantic problem at once, each with its own path", () => {
    const survey = baseSurvey();
    const broken = survey.questions.map((question) => ({ ...question })) as Record<
      string,
      unknown
    >[];
    Object.assign(broken[0] ?? {}, { branches: [{ when: "no", goto: "q42" }] });
    Object.assign(broken[1] ?? {}, { other: "else" });
    Object.assign(broken[2] ?? {}, { min: 61, max: 60 });
    Object.assign(broken[3] ?? {}, { id: "q1", options: ["2", "1", "3"] });
    Object.assign(broken[4] ?? {}, { minSelected: 9 });
    Object.assign(broken[5] ?? {}, { otherRow: "1" });
    Object.assign(broken[6] ?? {}, { id: "q2" });

    expect(pathsOf({ ...survey, questions: broken })).toEqual(
      [
        "questions.0.branches.0.goto",
        "questions.1.other",
        "questions.2.min",
        "questions.3.id",
        "questions.3",
        "questions.4.minSelected",
        "questions.5.otherRow",
        "questions.6.id",
      ].sort(),
    );
  });

  it("reports every schema problem at once, each with its own path", () => {
    const survey = baseSurvey();
    const broken = survey.questions.map((question) => ({ ...question })) as Record<
      string,
      unknown
    >[];
    Object.assign(broken[0] ?? {}, { id: "Q1" });
    Object.assign(broken[1] ?? {}, { options: ["a"] });
    Object.assign(broken[2] ?? {}, { max: 6.5 });
    Object.assign(broken[6] ?? {}, { maxLength: 0 });

    const paths = pathsOf({ ...survey, version: 0, questions: broken });
    expect(paths).toEqual(
      [
        "version",
        "questions.0.id",
        "questions.1.options",
        "questions.2.max",
        "questions.6.maxLength",
      ].sort(),
    );
  });

  it("reports a question of an unknown kind at the question's kind", () => {
    const survey = withQuestion(2, (q) => ({ ...q, kind: "slider" }));
    expect(pathsOf(survey)).toEqual(["questions.2.kind"]);
  });

  it("refuses a survey without questions", () => {
    expect(pathsOf({ ...baseSurvey(), questions: [] })).toEqual(["questions"]);
  });

  it("refuses input that is not a survey at all", () => {
    expect(parseSurvey(null).ok).toBe(false);
    expect(parseSurvey("q1,q2").ok).toBe(false);
  });
});
