/**
 * The pure survey engine on the teacher survey: what each kind of prompt accepts or refuses,
 * where an answer leads, what it makes irrelevant, and where Back returns to.
 */
import { describe, expect, it } from "vitest";
import { parseSurvey, type SurveyInput } from "../../src/survey/definition.js";
import {
  type AnswerLookup,
  applyInput,
  firstPrompt,
  nextPrompt,
  type Outcome,
  previousPrompt,
  promptById,
} from "../../src/survey/engine.js";
import type { Input } from "../../src/survey/input.js";
import { listPrompts, type Prompt, type PromptList } from "../../src/survey/prompts.js";
import { teacherSurvey } from "../../src/surveys/teacher-survey.js";

function promptsOf(definition: SurveyInput): PromptList {
  const parsed = parseSurvey(definition);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return listPrompts(parsed.survey);
}

const list = promptsOf(teacherSurvey);

function at(id: string, prompts: PromptList = list): Prompt {
  const prompt = promptById(prompts, id);
  if (!prompt) throw new Error(`no prompt ${id}`);
  return prompt;
}

const choose = (code: string): Input => ({ type: "choose", code });
const toggle = (code: string): Input => ({ type: "toggle", code });
const text = (value: string): Input => ({ type: "text", text: value });
const done: Input = { type: "done" };
const skip: Input = { type: "skip" };

function apply(id: string, input: Input, selected: readonly string[] = []): Outcome {
  return applyInput(list, at(id), input, selected);
}

/** The outcome of an accepted answer, or a failure that shows what happened instead. */
function answered(outcome: Outcome): Extract<Outcome, { type: "answered" }> {
  if (outcome.type !== "answered") throw new Error(`not answered: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** The id of the prompt an accepted answer leads to; null at the end. */
function nextAfter(id: string, input: Input, selected: readonly string[] = []): string | null {
  return answered(apply(id, input, selected)).next?.id ?? null;
}

function lookupFrom(answers: Record<string, string | null>): AnswerLookup {
  return (promptId) => answers[promptId];
}

function backFrom(id: string, answers: Record<string, string | null> = {}): string | null {
  return previousPrompt(list, at(id), lookupFrom(answers))?.id ?? null;
}

describe("prompt lookup", () => {
  it("starts the survey at q1", () => {
    expect(firstPrompt(list).id).toBe("q1");
  });

  it("finds prompts by their variable name and nothing for a forged id", () => {
    expect(promptById(list, "q19_10_text")?.kind).toBe("other-row-text");
    expect(promptById(list, "q99")).toBeUndefined();
    expect(promptById(list, "q19")).toBeUndefined();
  });

  it("refuses to answer a prompt that is not part of the survey", () => {
    const stranger = { ...at("q1"), id: "q99" };
    expect(() => applyInput(list, stranger, choose("female"))).toThrow(/q99/);
  });
});

describe("a single choice (q2)", () => {
  it("accepts one of its codes and moves on to q3", () => {
    expect(apply("q2", choose("maths"))).toEqual({
      type: "answered",
      promptId: "q2",
      value: "maths",
      clear: [],
      next: at("q3"),
    });
  });

  it("refuses a code it does not offer, as a forged button would send", () => {
    expect(apply("q2", choose("history"))).toEqual({
      type: "rejected",
      promptId: "q2",
      reason: "unknown_option",
    });
    expect(apply("q2", choose(""))).toMatchObject({ reason: "unknown_option" });
  });

  it("refuses a code of another question", () => {
    expect(apply("q2", choose("talgar"))).toMatchObject({ reason: "unknown_option" });
  });

  it("asks for the buttons when the teacher types the option instead", () => {
    expect(apply("q2", text("maths"))).toMatchObject({
      type: "rejected",
      reason: "use_buttons",
    });
  });

  it("refuses inputs that belong to other kinds of prompt", () => {
    expect(apply("q2", toggle("maths"))).toMatchObject({ reason: "unknown_option" });
    expect(apply("q2", done)).toMatchObject({ reason: "unknown_option" });
    expect(apply("q2", skip)).toMatchObject({ reason: "unknown_option" });
  });

  it("accepts scale codes 1..n and nothing outside them (q13 has three points)", () => {
    expect(answered(apply("q13", choose("3"))).value).toBe("3");
    expect(apply("q13", choose("4"))).toMatchObject({ reason: "unknown_option" });
    expect(apply("q13", choose("0"))).toMatchObject({ reason: "unknown_option" });
  });
});

describe("a multiple choice (q7)", () => {
  it("ticks an option", () => {
    expect(apply("q7", toggle("c"))).toEqual({ type: "ticked", promptId: "q7", selected: ["c"] });
  });

  it("keeps the ticks in definition order, whatever order they came in", () => {
    expect(apply("q7", toggle("a"), ["c"])).toMatchObject({ selected: ["a", "c"] });
    expect(apply("q7", toggle("b"), ["i", "c", "a"])).toMatchObject({
      selected: ["a", "b", "c", "i"],
    });
  });

  it("unticks an option ticked before", () => {
    expect(apply("q7", toggle("c"), ["a", "c"])).toMatchObject({ selected: ["a"] });
    expect(apply("q7", toggle("a"), ["a"])).toMatchObject({ selected: [] });
  });

  it("refuses to tick an option it does not offer", () => {
    expect(apply("q7", toggle("z"), ["a"])).toMatchObject({ reason: "unknown_option" });
  });

  it("drops forged codes from the draft it is given", () => {
    expect(apply("q7", toggle("b"), ["zz", "a"])).toMatchObject({ selected: ["a", "b"] });
  });

  it("asks for at least one tick when Done comes with none", () => {
    expect(apply("q7", done, [])).toEqual({
      type: "rejected",
      promptId: "q7",
      reason: "tick_at_least",
      limit: 1,
    });
  });

  it("does not count forged codes towards the ticks Done requires", () => {
    expect(apply("q7", done, ["zz"])).toMatchObject({ reason: "tick_at_least", limit: 1 });
  });

  it("stores the ticks on Done as codes in definition order, comma-separated", () => {
    const outcome = answered(apply("q7", done, ["c", "a"]));
    expect(outcome.value).toBe("a,c");
    expect(outcome.clear).toEqual([]);
    expect(outcome.next?.id).toBe("q8");
  });

  it("asks for the buttons when the teacher types, and refuses a plain choice", () => {
    expect(apply("q7", text("a, c"), ["a"])).toMatchObject({ reason: "use_buttons" });
    expect(apply("q7", choose("a"), ["a"])).toMatchObject({ reason: "unknown_option" });
  });
});

describe("a number (q4, years of teaching, 0 to 60)", () => {
  it.each([
    ["12", "12"],
    [" 12 ", "12"],
    ["0", "0"],
    ["60", "60"],
    ["007", "7"],
    ["+5", "5"],
  ])("accepts %j as %j", (typed, stored) => {
    const outcome = answered(apply("q4", text(typed)));
    expect(outcome.value).toBe(stored);
    expect(outcome.next?.id).toBe("q5");
  });

  it("trims non-breaking spaces around the number", () => {
    expect(answered(apply("q4", text("\u00a012\u00a0"))).value).toBe("12");
  });

  it.each([
    ["abc", "not_a_number"],
    ["", "not_a_number"],
    ["   ", "not_a_number"],
    ["5 жыл", "not_a_number"],
    ["5 лет", "not_a_number"],
    ["1e1", "not_a_number"],
    ["1 000", "not_a_number"],
    ["12.5", "not_whole"],
    ["12,5", "not_whole"],
    ["12.", "not_whole"],
    [",5", "not_whole"],
    ["-3", "negative"],
    ["- 3", "negative"],
    ["-12.5", "negative"],
  ])("refuses %j as %s", (typed, reason) => {
    expect(apply("q4", text(typed))).toEqual({ type: "rejected", promptId: "q4", reason });
  });

  it.each(["61", "75", "99999999999999999999999"])("refuses %j as too large, up to 60", (typed) => {
    expect(apply("q4", text(typed))).toMatchObject({ reason: "too_large", limit: 60 });
  });

  // Kazakh is written with the ordinary digits 0-9; other scripts' digits are not read as
  // numbers: Arabic-Indic, Extended Arabic-Indic (Persian) and full-width digits are refused.
  it.each(["٤٥", "۴۵", "４５"])("refuses the non-ASCII digits %j as not a number", (typed) => {
    expect(apply("q4", text(typed))).toMatchObject({ reason: "not_a_number" });
  });

  it("asks for typing when a button is pressed or the prompt is skipped", () => {
    expect(apply("q4", choose("12"))).toMatchObject({ reason: "type_answer" });
    expect(apply("q4", skip)).toMatchObject({ reason: "type_answer" });
  });
});

describe("a number with other bounds", () => {
  const bounded = promptsOf({
    id: "bounded",
    version: 1,
    otherTextMaxLength: 10,
    questions: [
      { id: "q1", kind: "number", section: "a", min: 5, max: 10 },
      { id: "q2", kind: "number", section: "a", min: -10, max: 10 },
    ],
  });

  it("refuses a number below the minimum as too small, with the minimum", () => {
    expect(applyInput(bounded, at("q1", bounded), text("3"))).toMatchObject({
      reason: "too_small",
      limit: 5,
    });
    expect(applyInput(bounded, at("q1", bounded), text("5"))).toMatchObject({ value: "5" });
  });

  it("accepts a negative whole number when the question's minimum allows it", () => {
    // The definition schema allows a negative minimum, so such a question must be answerable.
    expect(applyInput(bounded, at("q2", bounded), text("-3"))).toMatchObject({
      type: "answered",
      value: "-3",
    });
  });
});

describe("a free-text question (q17, optional, up to 1000 characters)", () => {
  it("stores the text trimmed and moves on to q18", () => {
    const outcome = answered(apply("q17", text("  Көбірек практика керек.  ")));
    expect(outcome.value).toBe("Көбірек практика керек.");
    expect(outcome.next?.id).toBe("q18");
  });

  it("stores a skip as null and moves on", () => {
    expect(apply("q17", skip)).toEqual({
      type: "answered",
      promptId: "q17",
      value: null,
      clear: [],
      next: at("q18"),
    });
  });

  it("accepts exactly 1000 characters and refuses 1001, naming the limit", () => {
    expect(answered(apply("q17", text("x".repeat(1000)))).value).toHaveLength(1000);
    expect(apply("q17", text("x".repeat(1001)))).toEqual({
      type: "rejected",
      promptId: "q17",
      reason: "text_too_long",
      limit: 1000,
    });
  });

  it("counts emoji by code points, not UTF-16 units", () => {
    const thousand = "😀".repeat(1000);
    expect(thousand).toHaveLength(2000);
    expect(answered(apply("q17", text(thousand))).value).toBe(thousand);
    expect(apply("q17", text("😀".repeat(1001)))).toMatchObject({
      reason: "text_too_long",
      limit: 1000,
    });
  });

  it("counts the length after trimming", () => {
    const padded = `   ${"x".repeat(1000)}   `;
    expect(answered(apply("q17", text(padded))).value).toBe("x".repeat(1000));
  });

  it("strips control characters but keeps line breaks and tabs", () => {
    const typed = "a\u0000b\u0007c\u001bd\u007f\nline two\r\n\tend";
    expect(answered(apply("q17", text(typed))).value).toBe("abcd\nline two\r\n\tend");
  });

  it("refuses text that is only whitespace or control characters as empty", () => {
    expect(apply("q17", text("  \n\t  "))).toMatchObject({ reason: "text_empty" });
    expect(apply("q17", text("\u0000\u0001\u007f"))).toMatchObject({ reason: "text_empty" });
  });

  it("asks for typing when a button is pressed", () => {
    expect(apply("q17", choose("1"))).toMatchObject({ reason: "type_answer" });
  });
});

describe("the text after an Other option (q5_other)", () => {
  it("cannot be skipped", () => {
    expect(apply("q5_other", skip)).toMatchObject({ reason: "cannot_skip" });
  });

  it("is bounded by the survey's other-text limit of 200", () => {
    expect(answered(apply("q5_other", text("y".repeat(200)))).value).toHaveLength(200);
    expect(apply("q5_other", text("y".repeat(201)))).toMatchObject({
      reason: "text_too_long",
      limit: 200,
    });
  });

  it("leads on to q6", () => {
    expect(nextAfter("q5_other", text("Педагог-исследователь"))).toBe("q6");
  });
});

describe("a matrix row (q19_3)", () => {
  it("accepts a column code and moves on to the next row", () => {
    const outcome = answered(apply("q19_3", choose("2")));
    expect(outcome.value).toBe("2");
    expect(outcome.next?.id).toBe("q19_4");
  });

  it("refuses a column the matrix does not have", () => {
    expect(apply("q19_3", choose("4"))).toMatchObject({ reason: "unknown_option" });
  });

  it("asks for the buttons when the teacher types", () => {
    expect(apply("q19_3", text("2"))).toMatchObject({ reason: "use_buttons" });
  });

  it("leads from the last ordinary row to the other-row question", () => {
    expect(nextAfter("q19_9", choose("1"))).toBe("q19_10_has");
    expect(nextAfter("q20_11", choose("4"))).toBe("q20_12_has");
  });

  it("leads from the last row of q22 to the end", () => {
    expect(nextAfter("q22_6", choose("5"))).toBeNull();
  });
});

describe("an Other row of a matrix (q19_10)", () => {
  it("offers yes and no only", () => {
    expect(answered(apply("q19_10_has", choose("yes"))).value).toBe("yes");
    expect(apply("q19_10_has", choose("maybe"))).toMatchObject({ reason: "unknown_option" });
    expect(apply("q19_10_has", text("yes"))).toMatchObject({ reason: "use_buttons" });
  });

  it("skips to q20_1 on no and clears the other row's text and rating", () => {
    const outcome = answered(apply("q19_10_has", choose("no")));
    expect(outcome.next?.id).toBe("q20_1");
    expect(outcome.clear).toEqual(["q19_10_text", "q19_10"]);
  });

  it("goes on yes through the text and the rating to q20_1", () => {
    const yes = answered(apply("q19_10_has", choose("yes")));
    expect(yes.next?.id).toBe("q19_10_text");
    expect(yes.clear).toEqual([]);
    expect(nextAfter("q19_10_text", text("Цифрлық сауаттылық"))).toBe("q19_10");
    expect(nextAfter("q19_10", choose("3"))).toBe("q20_1");
  });

  it("takes the row's name as text only, bounded by 200 and not skippable", () => {
    expect(apply("q19_10_text", skip)).toMatchObject({ reason: "type_answer" });
    expect(apply("q19_10_text", choose("yes"))).toMatchObject({ reason: "type_answer" });
    expect(apply("q19_10_text", text("   "))).toMatchObject({ reason: "text_empty" });
    expect(apply("q19_10_text", text("z".repeat(201)))).toMatchObject({
      reason: "text_too_long",
      limit: 200,
    });
  });

  it("skips to q21 when q20 has no other row, clearing its text and rating", () => {
    const outcome = answered(apply("q20_12_has", choose("no")));
    expect(outcome.next?.id).toBe("q21");
    expect(outcome.clear).toEqual(["q20_12_text", "q20_12"]);
  });
});

describe("the Other option of a single choice (q5)", () => {
  it("asks for the text next when other is chosen", () => {
    const outcome = answered(apply("q5", choose("other")));
    expect(outcome.next?.id).toBe("q5_other");
    expect(outcome.clear).toEqual([]);
  });

  it("goes straight on to q6 for any other option and clears q5_other", () => {
    const outcome = answered(apply("q5", choose("teacher")));
    expect(outcome.next?.id).toBe("q6");
    expect(outcome.clear).toEqual(["q5_other"]);
  });

  it("does the same at q6, the next question with an Other option", () => {
    expect(nextAfter("q6", choose("other"))).toBe("q6_other");
    expect(answered(apply("q6", choose("masters"))).clear).toEqual(["q6_other"]);
    expect(nextAfter("q6", choose("masters"))).toBe("q7");
  });
});

describe("the branch at q21 (mentoring)", () => {
  it("ends the survey on no and clears all six rows of q22", () => {
    const outcome = answered(apply("q21", choose("no")));
    expect(outcome.next).toBeNull();
    expect(outcome.clear).toEqual(["q22_1", "q22_2", "q22_3", "q22_4", "q22_5", "q22_6"]);
  });

  it("goes on to q22_1 on yes and clears nothing", () => {
    const outcome = answered(apply("q21", choose("yes")));
    expect(outcome.next?.id).toBe("q22_1");
    expect(outcome.clear).toEqual([]);
  });
});

describe("nextPrompt", () => {
  it("follows the survey order where nothing branches", () => {
    expect(nextPrompt(list, at("q1"), "female")?.id).toBe("q2");
    expect(nextPrompt(list, at("q16"), "3")?.id).toBe("q17");
    expect(nextPrompt(list, at("q18"), null)?.id).toBe("q19_1");
  });

  it("agrees with applyInput on branches and conditions", () => {
    expect(nextPrompt(list, at("q21"), "no")).toBeNull();
    expect(nextPrompt(list, at("q5"), "other")?.id).toBe("q5_other");
    expect(nextPrompt(list, at("q19_10_has"), "no")?.id).toBe("q20_1");
  });
});

describe("previousPrompt (Back)", () => {
  it("returns nothing before q1", () => {
    expect(backFrom("q1")).toBeNull();
  });

  it("returns to the prompt just before on a straight stretch", () => {
    expect(backFrom("q2")).toBe("q1");
    expect(backFrom("q8")).toBe("q7");
    expect(backFrom("q19_1")).toBe("q18");
  });

  it("returns from q6 to q5_other when q5 was answered other", () => {
    expect(backFrom("q6", { q5: "other", q5_other: "Әдіскер" })).toBe("q5_other");
  });

  it("returns from q6 to q5 when q5 was answered teacher", () => {
    expect(backFrom("q6", { q5: "teacher" })).toBe("q5");
  });

  it("returns from q5_other to q5", () => {
    expect(backFrom("q5_other", { q5: "other" })).toBe("q5");
  });

  it("returns from q20_1 to q19_10_has when no other row was named", () => {
    expect(backFrom("q20_1", { q19_10_has: "no" })).toBe("q19_10_has");
  });

  it("walks back through the other row of q19 when one was named", () => {
    const answers = { q19_10_has: "yes", q19_10_text: "Жоба", q19_10: "2" };
    expect(backFrom("q20_1", answers)).toBe("q19_10");
    expect(backFrom("q19_10", answers)).toBe("q19_10_text");
    expect(backFrom("q19_10_text", answers)).toBe("q19_10_has");
  });

  it("returns from q21 to q20_12_has when q20 had no other row", () => {
    expect(backFrom("q21", { q20_12_has: "no" })).toBe("q20_12_has");
  });

  it("returns from q22_1 to q21", () => {
    expect(backFrom("q22_1", { q21: "yes" })).toBe("q21");
  });

  it("reads only the answers that decide a condition or a branch", () => {
    const asked: string[] = [];
    previousPrompt(list, at("q6"), (id) => {
      asked.push(id);
      return id === "q5" ? "other" : undefined;
    });
    expect(asked).toContain("q5");
    for (const id of asked) expect(["q5", "q6", "q19_10_has", "q20_12_has", "q21"]).toContain(id);
  });
});

describe("a branch to a matrix question", () => {
  // q1 "no" skips q2 and lands on q3, a matrix: its first prompt is q3_1, not q3.
  const branchy = promptsOf({
    id: "branchy",
    version: 1,
    otherTextMaxLength: 10,
    questions: [
      {
        id: "q1",
        kind: "single",
        section: "a",
        options: ["yes", "no"],
        branches: [{ when: "no", goto: "q3" }],
      },
      { id: "q2", kind: "text", section: "a", maxLength: 10, skippable: true },
      { id: "q3", kind: "matrix", section: "a", rows: ["1", "2"], columns: ["1", "2"] },
    ],
  });

  it("is a definition parseSurvey accepts", () => {
    expect(branchy.prompts.map((p) => p.id)).toEqual(["q1", "q2", "q3_1", "q3_2"]);
  });

  it("continues at the matrix's first row and clears the skipped question", () => {
    const outcome = applyInput(branchy, at("q1", branchy), choose("no"));
    expect(outcome).toMatchObject({ type: "answered", clear: ["q2"] });
    expect(outcome.type === "answered" ? outcome.next?.id : undefined).toBe("q3_1");
  });

  it("goes back from the matrix's first row to the branching question", () => {
    const back = previousPrompt(branchy, at("q3_1", branchy), lookupFrom({ q1: "no" }));
    expect(back?.id).toBe("q1");
  });
});
