/**
 * listPrompts on the teacher survey: the prompts a teacher meets, their export variable names,
 * the conditions of the "Other" follow-ups and the positions shown inside a matrix.
 */
import { describe, expect, it } from "vitest";
import { parseSurvey } from "../../src/survey/definition.js";
import { listPrompts, type Prompt, type PromptList } from "../../src/survey/prompts.js";
import { teacherSurvey } from "../../src/surveys/teacher-survey.js";

function teacherPrompts(): PromptList {
  const parsed = parseSurvey(teacherSurvey);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return listPrompts(parsed.survey);
}

const list = teacherPrompts();

function prompt(id: string): Prompt {
  const found = list.prompts.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no prompt ${id}`);
  return found;
}

const range = (from: number, to: number, name: (n: number) => string) =>
  Array.from({ length: to - from + 1 }, (_, i) => name(from + i));

/** Every prompt of the teacher survey in order, by export variable name. */
const ALL_IDS = [
  "q1",
  "q2",
  "q3",
  "q4",
  "q5",
  "q5_other",
  "q6",
  "q6_other",
  "q7",
  ...range(8, 18, (n) => `q${n}`),
  ...range(1, 9, (n) => `q19_${n}`),
  "q19_10_has",
  "q19_10_text",
  "q19_10",
  ...range(1, 11, (n) => `q20_${n}`),
  "q20_12_has",
  "q20_12_text",
  "q20_12",
  "q21",
  ...range(1, 6, (n) => `q22_${n}`),
];

describe("listPrompts on the teacher survey", () => {
  it("has 53 prompts in all", () => {
    expect(list.prompts).toHaveLength(53);
  });

  it("has 47 prompts that every teacher who answers all 22 questions meets", () => {
    expect(list.prompts.filter((p) => p.requires === undefined)).toHaveLength(47);
  });

  it("names each prompt by the variable researchers read in the export, in survey order", () => {
    expect(list.prompts.map((p) => p.id)).toEqual(ALL_IDS);
  });

  it("indexes every prompt by its id", () => {
    expect(list.indexOf.size).toBe(53);
    list.prompts.forEach((p, index) => {
      expect(list.indexOf.get(p.id)).toBe(index);
    });
  });

  it("numbers each prompt by its question, 1 to 22", () => {
    expect(prompt("q5_other").questionNumber).toBe(5);
    expect(prompt("q19_10").questionNumber).toBe(19);
    expect(prompt("q22_6").questionNumber).toBe(22);
    expect(new Set(list.prompts.map((p) => p.questionNumber)).size).toBe(22);
  });

  it("lists only q21 as a prompt whose answer can skip ahead", () => {
    expect(list.branching.map((p) => p.id)).toEqual(["q21"]);
  });

  it("keeps each prompt in the section of its question", () => {
    expect(prompt("q6_other").section).toBe("general");
    expect(prompt("q19_10_text").section).toBe("suggestions");
    expect(prompt("q22_1").section).toBe("mentoring");
  });
});

describe("the Other follow-ups of the teacher survey", () => {
  it("asks q5_other only when q5 is answered other, as compulsory free text", () => {
    expect(prompt("q5_other")).toMatchObject({
      kind: "text",
      of: "other",
      skippable: false,
      maxLength: 200,
      requires: { promptId: "q5", value: "other" },
    });
  });

  it("asks q6_other only when q6 is answered other", () => {
    expect(prompt("q6_other").requires).toEqual({ promptId: "q6", value: "other" });
  });

  it("asks whether another item applies at q19 before its text and rating", () => {
    expect(prompt("q19_10_has")).toMatchObject({ kind: "has-other-row" });
    expect(prompt("q19_10_has").requires).toBeUndefined();
    expect(prompt("q19_10_text")).toMatchObject({
      kind: "other-row-text",
      maxLength: 200,
      requires: { promptId: "q19_10_has", value: "yes" },
    });
    expect(prompt("q19_10")).toMatchObject({
      kind: "row",
      row: "10",
      labelFrom: "q19_10_text",
      columns: ["1", "2", "3"],
      requires: { promptId: "q19_10_has", value: "yes" },
    });
  });

  it("leaves ordinary questions unconditional", () => {
    for (const id of ["q1", "q5", "q7", "q17", "q19_9", "q21", "q22_6"]) {
      expect(prompt(id).requires, id).toBeUndefined();
    }
  });
});

describe("positions inside a matrix", () => {
  it("shows q19 rows as row n of 10, counting the other row", () => {
    expect(prompt("q19_3")).toMatchObject({ kind: "row", position: { row: 3, rows: 10 } });
    expect(prompt("q19_1")).toMatchObject({ position: { row: 1, rows: 10 } });
    expect(prompt("q19_9")).toMatchObject({ position: { row: 9, rows: 10 } });
  });

  it("places all three prompts of the q20 other row at row 12 of 12", () => {
    for (const id of ["q20_12_has", "q20_12_text", "q20_12"]) {
      expect(prompt(id), id).toMatchObject({ position: { row: 12, rows: 12 } });
    }
  });

  it("shows q22 rows as row n of 6, as q22 has no other row", () => {
    expect(prompt("q22_6")).toMatchObject({
      kind: "row",
      row: "6",
      columns: ["1", "2", "3", "4", "5"],
      scale: true,
      position: { row: 6, rows: 6 },
    });
  });
});
