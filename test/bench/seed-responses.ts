/**
 * Generated responses for the results, export and reminder sections: N completed responses
 * (plus some still answering and some declined, as in a real survey), walked through the real
 * engine so every stored path is one the bot could have stored, from a fixed seed.
 */
import { writeFileSync } from "node:fs";
import Sqlite from "better-sqlite3";
import { openDatabase } from "../../src/storage/database.js";
import { applyInput, firstPrompt } from "../../src/survey/engine.js";
import type { Input } from "../../src/survey/input.js";
import type { Prompt, PromptList } from "../../src/survey/prompts.js";
import { type Choice, chooseAnswer, type Tendencies } from "./answer-choices.js";
import { type Random, seededRandom, weighted } from "./figures.js";

/** What a generated database holds. */
export interface SeededCounts {
  completed: number;
  answering: number;
  declined: number;
  answers: number;
}

/** A population like the programme's: a quarter end at q21, a few write their own items. */
const POPULATION: Tendencies = { mentoring: 0.75, other: 0.08 };
/** Per 100 completed responses: some still answering, a few who declined. */
const ANSWERING_PER_100 = 10;
const DECLINED_PER_100 = 3;
const DISTRICTS = ["enbekshi", "zhambyl", "konaev", "talgar", "ile", "karasay"];
const SCHOOLS = 50;
/** 1 March 2026, 09:00 Almaty: the day the survey opens. */
const OPENS_AT = Date.UTC(2026, 2, 1, 4, 0, 0);
const DAY_MS = 24 * 60 * 60 * 1000;

/** The schools of the generated responses, as a schools file (code, names, district). */
export function writeSchoolsFile(path: string): void {
  const lines = ["code,name_kk,name_ru,district,teachers"];
  for (let i = 1; i <= SCHOOLS; i += 1) {
    const code = schoolCode(i);
    const district = DISTRICTS[i % DISTRICTS.length];
    lines.push(`${code},№${i} мектеп,Школа №${i},${district},${20 + (i % 30)}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

function schoolCode(index: number): string {
  return `SCH${String(index).padStart(2, "0")}`;
}

/** A pseudonymous id shaped like the bot's ("R" and 12 hex digits), unique in the file. */
function respondentId(random: Random, taken: Set<string>): string {
  for (;;) {
    const hex = (n: number) =>
      Math.floor(random() * 16 ** n)
        .toString(16)
        .padStart(n, "0");
    const id = `R${hex(6)}${hex(6)}`.toUpperCase();
    if (taken.has(id)) continue;
    taken.add(id);
    return id;
  }
}

function inputOf(choice: Choice): { input: Input; selected: string[] } {
  switch (choice.type) {
    case "press":
      return { input: { type: "choose", code: choice.code }, selected: [] };
    case "ticks":
      return { input: { type: "done" }, selected: choice.codes };
    case "typed":
      return { input: { type: "text", text: choice.text }, selected: [] };
    case "skip":
      return { input: { type: "skip" }, selected: [] };
  }
}

/** The answers of one response, up to `stopAfter` prompts; the prompt it stopped at, if any. */
function walk(
  prompts: PromptList,
  random: Random,
  stopAfter: number,
): { answers: [string, string | null][]; stoppedAt: Prompt | null } {
  const answers: [string, string | null][] = [];
  let prompt: Prompt | null = firstPrompt(prompts);
  while (prompt && answers.length < stopAfter) {
    const { input, selected } = inputOf(chooseAnswer(prompt, random, POPULATION));
    const outcome = applyInput(prompts, prompt, input, selected);
    if (outcome.type !== "answered")
      throw new Error(`generated answer to ${prompt.id} was not accepted (${outcome.type})`);
    answers.push([prompt.id, outcome.value]);
    prompt = outcome.next;
  }
  return { answers, stoppedAt: prompt };
}

/**
 * Creates the database at `path` (migrated by the app's own code) and fills it with
 * `completed` completed responses and their share of unfinished ones.
 */
export function seedResponses(
  path: string,
  prompts: PromptList,
  completed: number,
  seed: number,
): SeededCounts {
  openDatabase(path).close();
  const sqlite = new Sqlite(path);
  // A bulk load: no journal while filling a file nobody else reads; WAL again afterwards.
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -262144");
  // Secondary indexes are built once at the end: far quicker than keeping them up row by row.
  const indexes = sqlite
    .prepare(
      "select name, sql from sqlite_master where type = 'index' and tbl_name = 'answers' and sql is not null",
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`drop index "${index.name}"`);
  const insertRespondent = sqlite.prepare(`insert into respondents
    (id, survey_id, survey_version, language, school_code, stage, cursor, tester, started_at,
     consented_at, declined_at, completed_at, last_activity_at)
    values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`);
  const insertContact = sqlite.prepare(
    "insert into contacts (respondent_id, channel, address, shown) values (?, 'telegram', ?, ?)",
  );
  // One statement per response, not per answer: the per-call overhead dominates a bulk load.
  const answerInserts = new Map<number, Sqlite.Statement>();
  const insertAnswers = (rows: unknown[][]) => {
    let statement = answerInserts.get(rows.length);
    if (!statement) {
      const values = rows.map(() => "(?, ?, ?, ?)").join(", ");
      statement = sqlite.prepare(
        `insert into answers (respondent_id, variable, value, answered_at) values ${values}`,
      );
      answerInserts.set(rows.length, statement);
    }
    statement.run(rows.flat());
  };

  const random = seededRandom(seed);
  const answering = Math.round((completed * ANSWERING_PER_100) / 100);
  const declined = Math.round((completed * DECLINED_PER_100) / 100);
  const counts: SeededCounts = { completed: 0, answering: 0, declined: 0, answers: 0 };
  const { id: surveyId, version } = prompts.survey;
  const taken = new Set<string>();

  sqlite.transaction(() => {
    for (let i = 0; i < completed + answering + declined; i += 1) {
      const id = respondentId(random, taken);
      const stage =
        i < completed ? "completed" : i < completed + answering ? "answering" : "declined";
      const language = random() < 0.7 ? "kk" : "ru";
      const school = schoolCode(1 + Math.floor(random() * SCHOOLS));
      const startedAt = OPENS_AT + Math.floor(random() * 30 * DAY_MS);
      const consentedAt = startedAt + 30_000;
      const stopAfter =
        stage === "completed" ? Number.POSITIVE_INFINITY : Math.floor(random() * 40) + 1;
      const { answers, stoppedAt } =
        stage === "declined" ? { answers: [], stoppedAt: null } : walk(prompts, random, stopAfter);

      let at = consentedAt;
      const times = answers.map(() => {
        at += weighted(random, [8_000, 15_000, 40_000, 120_000], [4, 4, 2, 1]);
        return at;
      });
      insertRespondent.run(
        id,
        surveyId,
        version,
        language,
        school,
        stage,
        stage === "answering" ? (stoppedAt?.id ?? null) : null,
        startedAt,
        stage === "declined" ? null : consentedAt,
        stage === "declined" ? startedAt + 30_000 : null,
        stage === "completed" ? at : null,
        at,
      );
      if (answers.length > 0)
        insertAnswers(
          answers.map(([variable, value], index) => [id, variable, value, times[index]]),
        );
      counts.answers += answers.length;
      counts[stage] += 1;
      insertContact.run(id, String(5_000_000_000 + i), stage === "completed" ? "completed" : null);
    }
  })();
  for (const index of indexes) sqlite.exec(index.sql);
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  return counts;
}
