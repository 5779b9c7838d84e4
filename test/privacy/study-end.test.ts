import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countAggregates } from "../../src/privacy/aggregates.js";
import { purgePersonalData, studyEndedAt } from "../../src/privacy/study-end.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { loadTeacherSurvey } from "../../src/survey-setup.js";

const prompts = loadTeacherSurvey();
let dir: string;
let database: Database;

function respondent(id: string, stage: string, tester = false, school: string | null = "SCH01") {
  database.sqlite
    .prepare(
      "INSERT INTO respondents (id, survey_id, survey_version, stage, tester, school_code, language, started_at, last_activity_at) " +
        "VALUES (?, 's', 1, ?, ?, ?, 'kk', 0, 0)",
    )
    .run(id, stage, tester ? 1 : 0, school);
  database.sqlite
    .prepare("INSERT INTO contacts (respondent_id, channel, address) VALUES (?, 'telegram', ?)")
    .run(id, `chat-${id}`);
}

function answer(id: string, variable: string, value: string | null) {
  database.sqlite
    .prepare(
      "INSERT INTO answers (respondent_id, variable, value, answered_at) VALUES (?, ?, ?, 0)",
    )
    .run(id, variable, value);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-purge-"));
  database = openDatabase(join(dir, "purge.db"));
  respondent("R1", "completed");
  respondent("R2", "answering", false, null);
  respondent("R3", "completed", true);
  answer("R1", "q1", "female");
  answer("R1", "q7", "a,c");
  answer("R1", "q17", "Менің пікірім");
  answer("R1", "q18", null);
  answer("R2", "q1", "female");
  answer("R2", "q7", "c");
  answer("R3", "q1", "male");
  answer("R3", "q17", "tester's text");
});
afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const keyed = (counts: ReturnType<typeof countAggregates>) =>
  Object.fromEntries(counts.map((c) => [`${c.subject}/${c.variable}/${c.value}`, c.count]));

describe("the aggregate counts", () => {
  it("count real responses only, free texts as answered or skipped, ticks one by one", () => {
    expect(keyed(countAggregates(database, prompts))).toEqual({
      "respondents/stage/completed": 1,
      "respondents/stage/answering": 1,
      "respondents/language/kk": 2,
      "respondents/school_code/SCH01": 1,
      "respondents/school_code/none": 1,
      "respondents/school_code:completed/SCH01": 1,
      "answers/q1/female": 2,
      "answers/q7/a": 1,
      "answers/q7/c": 2,
      "answers/q17/answered": 1,
      "answers/q18/skipped": 1,
    });
  });
});

describe("purging personal data", () => {
  it("keeps the counts, deletes every respondent with their rows, and happens once", () => {
    const result = purgePersonalData(database, prompts, 1234);
    expect(result).toEqual({ respondents: 3, answers: 8, counts: 11 });
    const count = (table: string) =>
      (database.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count("respondents"), count("contacts"), count("answers")]).toEqual([0, 0, 0]);
    expect(count("aggregate_counts")).toBe(11);
    expect(studyEndedAt(database)).toBe(1234);
    expect(purgePersonalData(database, prompts, 5678)).toBeUndefined();
    expect(studyEndedAt(database)).toBe(1234);
  });
});
