/**
 * The survey use cases over the real SQLite store on a temporary file, with a fixed clock and
 * fixed respondent ids: what a teacher sees after each action, and what is stored.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Address, Session, SessionStore } from "../../src/app/ports.js";
import { createSurveySessions, type SurveySessions } from "../../src/app/survey-sessions.js";
import type { Step } from "../../src/app/views.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { createSessionStore } from "../../src/storage/session-store.js";
import { promptById } from "../../src/survey/engine.js";
import type { Input } from "../../src/survey/input.js";
import type { Prompt } from "../../src/survey/prompts.js";
import { loadTeacherSurvey } from "../../src/survey-setup.js";

const prompts = loadTeacherSurvey();
const NOW = 1_750_000_000_000;
const TEACHER: Address = { channel: "telegram", id: "700100200" };

let dir: string;
let database: Database;
let store: SessionStore;
let sessions: SurveySessions;
let unknownSchools: string[];
let issued: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-sessions-"));
  database = openDatabase(join(dir, "survey.db"));
  store = createSessionStore(database, prompts.survey);
  unknownSchools = [];
  issued = 0;
  sessions = createSurveySessions({
    store,
    prompts,
    clock: () => NOW,
    newRespondentId: () => {
      issued += 1;
      return `r-${issued}`;
    },
    isKnownSchool: (code) => code === "SCH01" || code === "SCH02",
    onUnknownSchool: (code) => unknownSchools.push(code),
  });
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const choose = (code: string): Input => ({ type: "choose", code });
const text = (value: string): Input => ({ type: "text", text: value });

function at(id: string): Prompt {
  const prompt = promptById(prompts, id);
  if (!prompt) throw new Error(`no prompt ${id}`);
  return prompt;
}

/** The teacher's session as a channel would load it for the next update. */
function current(): Session {
  const session = sessions.find(TEACHER);
  if (!session) throw new Error("the teacher has no session");
  return session;
}

function count(table: "answers" | "respondents" | "processed_updates"): number {
  const row = database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
  return row.n;
}

function storedAnswers(): Record<string, string | null> {
  const rows = database.sqlite
    .prepare("SELECT variable, value FROM answers ORDER BY variable")
    .all() as { variable: string; value: string | null }[];
  return Object.fromEntries(rows.map((row) => [row.variable, row.value]));
}

function respondentRow(): Record<string, unknown> {
  const row = database.sqlite.prepare("SELECT * FROM respondents").get();
  if (!row) throw new Error("no respondent stored");
  return row as Record<string, unknown>;
}

/** Starts, chooses Kazakh and agrees: the teacher is at q1. */
function beginAnswering(): void {
  sessions.start(TEACHER, undefined);
  sessions.chooseLanguage(current(), "kk");
  sessions.consent(current(), true);
}

/** Answers the current prompt with a button. */
function tap(promptId: string, code: string, updateKey?: string): Step {
  return sessions.answer(current(), promptId, choose(code), updateKey);
}

/** Answers the prompts in order, each with a button. */
function tapAll(answers: [string, string][]): void {
  for (const [promptId, code] of answers) {
    const step = tap(promptId, code);
    if (!step.answered)
      throw new Error(`${promptId} ${code} was not taken: ${JSON.stringify(step)}`);
  }
}

/** A valid input for any prompt, taking no Other and answering no at q21. */
function plainInputs(prompt: Prompt): Input[] {
  switch (prompt.kind) {
    case "single":
      return [choose(prompt.id === "q21" ? "no" : (prompt.options[0] ?? ""))];
    case "multi":
      return [{ type: "toggle", code: prompt.options[0] ?? "" }, { type: "done" }];
    case "number":
      return [text("10")];
    case "text":
      return [{ type: "skip" }];
    case "row":
      return [choose(prompt.columns[0] ?? "")];
    case "has-other-row":
      return [choose("no")];
    case "other-row-text":
      return [text("Басқа")];
  }
}

/** Answers every remaining prompt through the use cases until the survey is completed. */
function answerToTheEnd(): Step {
  for (let steps = 0; steps < 100; steps += 1) {
    const session = current();
    const prompt = session.cursor ? at(session.cursor) : undefined;
    if (!prompt) throw new Error(`not at a prompt: ${JSON.stringify(session)}`);
    let step: Step = {};
    for (const input of plainInputs(prompt)) step = sessions.answer(current(), prompt.id, input);
    if (step.view?.kind === "completed") return step;
    if (!step.answered) throw new Error(`${prompt.id} was not taken: ${JSON.stringify(step)}`);
  }
  throw new Error("the survey did not end");
}

describe("start", () => {
  it("creates a respondent and offers the language first", () => {
    expect(sessions.start(TEACHER, undefined)).toEqual({ view: { kind: "language" } });
    expect(current()).toMatchObject({ respondentId: "r-1", stage: "language", schoolCode: null });
    expect(respondentRow()).toMatchObject({ started_at: NOW, survey_id: "teachers-50-schools" });
  });

  it("stores the school of a known school link", () => {
    sessions.start(TEACHER, "SCH01");
    expect(current().schoolCode).toBe("SCH01");
    expect(unknownSchools).toEqual([]);
  });

  it("reports an unknown school code and goes on without a school", () => {
    expect(sessions.start(TEACHER, "NOPE99")).toEqual({ view: { kind: "language" } });
    expect(unknownSchools).toEqual(["NOPE99"]);
    expect(current().schoolCode).toBeNull();
  });

  it("adds a school from a later link to a respondent who had none", () => {
    sessions.start(TEACHER, undefined);
    sessions.start(TEACHER, "SCH02");
    expect(current().schoolCode).toBe("SCH02");
  });

  it("keeps the first school when a later link names another", () => {
    sessions.start(TEACHER, "SCH01");
    sessions.start(TEACHER, "SCH02");
    expect(current().schoolCode).toBe("SCH01");
    expect(count("respondents")).toBe(1);
  });

  it("records the update key of the start in the same transaction", () => {
    sessions.start(TEACHER, undefined, "tg:1");
    expect(sessions.wasProcessed("tg:1")).toBe(true);
  });
});

describe("chooseLanguage", () => {
  it("leads from the language to the consent", () => {
    sessions.start(TEACHER, undefined);
    expect(sessions.chooseLanguage(current(), "kk")).toEqual({
      record: "bot:language.kk",
      view: { kind: "consent" },
    });
    expect(current()).toMatchObject({ language: "kk", stage: "consent" });
  });

  it("changes the language mid-survey and shows the same prompt again", () => {
    beginAnswering();
    tap("q1", "female");
    const step = sessions.chooseLanguage(current(), "ru");
    expect(step.notice).toEqual({ key: "language_changed" });
    expect(step.view).toMatchObject({ kind: "prompt", prompt: { id: "q2" } });
    expect(current()).toMatchObject({ language: "ru", stage: "answering", cursor: "q2" });
  });
});

describe("consent", () => {
  beforeEach(() => {
    sessions.start(TEACHER, undefined);
    sessions.chooseLanguage(current(), "ru");
  });

  it("stores a decline with its time and no answers at all", () => {
    expect(sessions.consent(current(), false)).toEqual({
      record: "bot:consent.decline",
      view: { kind: "declined" },
    });
    expect(current().stage).toBe("declined");
    expect(respondentRow()).toMatchObject({ declined_at: NOW, consented_at: null });
    expect(count("answers")).toBe(0);
  });

  it("offers the consent again when a teacher who declined starts again", () => {
    sessions.consent(current(), false);
    expect(sessions.start(TEACHER, undefined)).toEqual({ view: { kind: "consent" } });
    expect(current().stage).toBe("consent");
  });

  it("starts the questions at q1 on agree, with nothing answered yet", () => {
    expect(sessions.consent(current(), true)).toEqual({
      record: "bot:consent.agree",
      view: { kind: "prompt", prompt: at("q1"), current: undefined, selected: [] },
    });
    expect(current()).toMatchObject({ stage: "answering", cursor: "q1" });
    expect(respondentRow()).toMatchObject({ consented_at: NOW, declined_at: null });
  });

  it("treats a second consent tap as a stale button and changes nothing", () => {
    sessions.consent(current(), true);
    tap("q1", "male");
    const step = sessions.consent(current(), false);
    expect(step.notice).toEqual({ key: "stale_button" });
    expect(current()).toMatchObject({ stage: "answering", cursor: "q2" });
  });
});

describe("answer", () => {
  beforeEach(beginAnswering);

  it("stores a button answer and shows the next prompt", () => {
    expect(tap("q1", "female")).toEqual({
      answered: { prompt: at("q1"), value: "female" },
      view: { kind: "prompt", prompt: at("q2"), current: undefined, selected: [] },
    });
    expect(storedAnswers()).toEqual({ q1: "female" });
    expect(current()).toMatchObject({ cursor: "q2", lastPrompt: "q1", lastValue: "female" });
  });

  it("stores a typed number at q4", () => {
    tapAll([
      ["q1", "female"],
      ["q2", "maths"],
      ["q3", "talgar"],
    ]);
    const step = sessions.answer(current(), undefined, text(" 12 "));
    expect(step.answered).toEqual({ prompt: at("q4"), value: "12" });
    expect(current().cursor).toBe("q5");
  });

  it("refuses a button for another prompt as stale and changes nothing", () => {
    tap("q1", "female");
    const before = current();
    expect(tap("q5", "teacher")).toEqual({ notice: { key: "stale_button" } });
    expect(current()).toEqual(before);
    expect(storedAnswers()).toEqual({ q1: "female" });
  });

  it("takes the same button twice in a row as a double tap: one answer, nothing shown", () => {
    tap("q1", "female", "tg:10");
    expect(tap("q1", "female", "tg:11")).toEqual({ duplicate: true });
    expect(storedAnswers()).toEqual({ q1: "female" });
    expect(current().cursor).toBe("q2");
  });

  it("refuses a forged code with a notice and no new view", () => {
    expect(tap("q1", "robot")).toEqual({ notice: { key: "unknown_option", limit: undefined } });
    expect(current().cursor).toBe("q1");
    expect(count("answers")).toBe(0);
  });

  it("shows the buttons again when a teacher types where buttons belong", () => {
    const step = sessions.answer(current(), undefined, text("female"));
    expect(step.notice).toEqual({ key: "use_buttons", limit: undefined });
    expect(step.view).toMatchObject({ kind: "prompt", prompt: { id: "q1" } });
    expect(count("answers")).toBe(0);
  });

  it("refuses a bad number with its limit and keeps the teacher at q4", () => {
    tapAll([
      ["q1", "female"],
      ["q2", "maths"],
      ["q3", "talgar"],
    ]);
    const step = sessions.answer(current(), undefined, text("75"));
    expect(step.notice).toEqual({ key: "too_large", limit: 60 });
    expect(current().cursor).toBe("q4");
  });

  it("records the update key of an accepted answer", () => {
    tap("q1", "female", "tg:20");
    expect(sessions.wasProcessed("tg:20")).toBe(true);
  });

  it("keeps the ticks of a multiple choice as a draft until Done", () => {
    tapAll([
      ["q1", "female"],
      ["q2", "maths"],
      ["q3", "talgar"],
    ]);
    sessions.answer(current(), undefined, text("12"));
    tapAll([
      ["q5", "teacher"],
      ["q6", "masters"],
    ]);
    const ticked = sessions.answer(current(), "q7", { type: "toggle", code: "c" });
    expect(ticked).toEqual({ ticked: { prompt: at("q7"), selected: ["c"] } });
    sessions.answer(current(), "q7", { type: "toggle", code: "a" });
    expect(current().draft).toEqual(["a", "c"]);
    expect(storedAnswers().q7).toBeUndefined();

    const done = sessions.answer(current(), "q7", { type: "done" });
    expect(done.answered).toEqual({ prompt: at("q7"), value: "a,c" });
    expect(current()).toMatchObject({ cursor: "q8", draft: [] });
  });

  it("removes the Other text when q5 is changed from other to teacher", () => {
    tapAll([
      ["q1", "female"],
      ["q2", "maths"],
      ["q3", "talgar"],
    ]);
    sessions.answer(current(), undefined, text("12"));
    tap("q5", "other");
    sessions.answer(current(), undefined, text("Әдіскер"));
    sessions.back(current(), "q6");
    sessions.back(current(), "q5_other");
    const step = tap("q5", "teacher");
    expect(step.view).toMatchObject({ kind: "prompt", prompt: { id: "q6" } });
    expect(storedAnswers()).toMatchObject({ q5: "teacher" });
    expect(storedAnswers().q5_other).toBeUndefined();
  });
});

describe("back", () => {
  beforeEach(() => {
    beginAnswering();
    tapAll([
      ["q1", "female"],
      ["q2", "physics"],
    ]);
  });

  it("shows the previous prompt with its stored answer, and keeps every answer", () => {
    expect(sessions.back(current(), "q3")).toEqual({
      leftPrompt: at("q3"),
      view: { kind: "prompt", prompt: at("q2"), current: "physics", selected: [] },
    });
    expect(current()).toMatchObject({ cursor: "q2", lastPrompt: "q3", lastValue: null });
    expect(storedAnswers()).toEqual({ q1: "female", q2: "physics" });
  });

  it("takes a second Back from the same prompt as a double tap", () => {
    sessions.back(current(), "q3");
    expect(sessions.back(current(), "q3")).toEqual({ duplicate: true });
    expect(current().cursor).toBe("q2");
  });

  it("takes the same answer again after Back instead of calling it a double tap", () => {
    sessions.back(current(), "q3");
    const step = tap("q2", "physics");
    expect(step.answered).toEqual({ prompt: at("q2"), value: "physics" });
    expect(current().cursor).toBe("q3");
  });

  it("refuses Back from a prompt the teacher has left", () => {
    expect(sessions.back(current(), "q2")).toEqual({ notice: { key: "stale_button" } });
    expect(current().cursor).toBe("q3");
  });

  it("says there is nothing before q1", () => {
    sessions.back(current(), "q3");
    sessions.back(current(), "q2");
    expect(sessions.back(current(), "q1")).toEqual({ notice: { key: "first_prompt" } });
    expect(current().cursor).toBe("q1");
  });
});

describe("coming back later", () => {
  it("continues mid-survey at the same prompt with the answers intact", () => {
    beginAnswering();
    tapAll([
      ["q1", "male"],
      ["q2", "english"],
    ]);
    expect(sessions.start(TEACHER, undefined)).toEqual({
      notice: { key: "continue_here" },
      view: { kind: "prompt", prompt: at("q3"), current: undefined, selected: [] },
    });
    expect(storedAnswers()).toEqual({ q1: "male", q2: "english" });
    expect(current().cursor).toBe("q3");
    expect(count("respondents")).toBe(1);
  });

  it("shows a completed respondent that the survey is already done", () => {
    beginAnswering();
    expect(answerToTheEnd()).toMatchObject({ view: { kind: "completed" } });
    expect(current()).toMatchObject({ stage: "completed", cursor: null });
    expect(respondentRow()).toMatchObject({ completed_at: NOW });
    expect(count("answers")).toBe(41);

    expect(sessions.start(TEACHER, undefined)).toEqual({ view: { kind: "already-completed" } });
    expect(sessions.answer(current(), undefined, text("hello"))).toEqual({
      view: { kind: "already-completed" },
    });
    expect(count("answers")).toBe(41);
  });

  it("answers Back from an old message, and an edit, after the end with the end again", () => {
    beginAnswering();
    answerToTheEnd();
    const answers = storedAnswers();
    const done = { view: { kind: "already-completed" } };
    expect(sessions.back(current(), "q1")).toEqual(done);
    expect(sessions.edited(current())).toEqual(done);
    expect(storedAnswers()).toEqual(answers);
    expect(current()).toMatchObject({ stage: "completed", cursor: null });
  });

  it("points to Back when a teacher edits a message while answering", () => {
    beginAnswering();
    tap("q1", "female");
    expect(sessions.edited(current())).toEqual({ notice: { key: "edits_ignored" } });
    expect(current().cursor).toBe("q2");
  });
});

describe("unusable messages", () => {
  it("asks for text at q17, a free-text question", () => {
    beginAnswering();
    for (const id of ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]) {
      for (const input of plainInputs(at(id))) sessions.answer(current(), id, input);
    }
    tapAll(["q8", "q9", "q10", "q11", "q12", "q13", "q14", "q15", "q16"].map((id) => [id, "1"]));
    expect(current().cursor).toBe("q17");
    expect(sessions.unusable(current())).toEqual({ notice: { key: "send_text" } });
  });

  it("asks for the buttons at q2 and shows the prompt again", () => {
    beginAnswering();
    tap("q1", "female");
    expect(sessions.unusable(current())).toEqual({
      notice: { key: "use_buttons" },
      view: { kind: "prompt", prompt: at("q2"), current: undefined, selected: [] },
    });
  });

  it("asks for the buttons at the language and the consent, and shows them again", () => {
    sessions.start(TEACHER, undefined);
    const buttons = { key: "use_buttons" };
    expect(sessions.unusable(current())).toEqual({ notice: buttons, view: { kind: "language" } });
    sessions.chooseLanguage(current(), "kk");
    expect(sessions.unusable(current())).toEqual({ notice: buttons, view: { kind: "consent" } });
  });

  it("says the end again, with no notice, after a decline", () => {
    sessions.start(TEACHER, undefined);
    sessions.chooseLanguage(current(), "kk");
    sessions.consent(current(), false);
    expect(sessions.unusable(current())).toEqual({ notice: undefined, view: { kind: "declined" } });
    expect(sessions.back(current(), "q1")).toEqual({ view: { kind: "declined" } });
  });
});
