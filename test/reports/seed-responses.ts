/**
 * Known responses for report tests and benchmarks: a deterministic generator that walks the
 * survey the way teachers do (branches and "Other" follow-ups included), and a bulk insert
 * straight into the SQLite file. Tests compute their expected figures from these objects.
 */
import type { Database } from "../../src/storage/database.js";
import type { Stage } from "../../src/storage/schema.js";
import { firstPrompt, nextPrompt } from "../../src/survey/engine.js";
import type { Prompt, PromptList } from "../../src/survey/prompts.js";

/** One seeded respondent with every stored value. */
export interface SeededResponse {
  id: string;
  /** The chat id stored in contacts: it must never reach a report. */
  address: string;
  language: "kk" | "ru" | null;
  schoolCode: string | null;
  stage: Stage;
  cursor: string | null;
  tester: boolean;
  startedAt: number;
  consentedAt: number | null;
  declinedAt: number | null;
  completedAt: number | null;
  /** Variable -> stored value, in the order answered. */
  answers: Map<string, string | null>;
}

export interface SeedOptions {
  count: number;
  seed?: number;
  schoolCodes: readonly string[];
  /** Share of respondents by stage; the rest complete. */
  answering?: number;
  declined?: number;
  notConsented?: number;
  testers?: number;
  /** Share of completions at one second per prompt (flagged as implausibly fast). */
  fast?: number;
  start?: number;
}

/** A small deterministic PRNG (mulberry32), so a seed gives the same data on every machine. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = [
  "Көбірек практикалық сабақ керек",
  "Больше практики и разборов уроков",
  "Онлайн бөлімі ыңғайлы болса екен",
  "Курс ұзағырақ болса жақсы",
];

/** Generates `count` respondents; their answers follow the survey's own branching. */
export function generateResponses(prompts: PromptList, options: SeedOptions): SeededResponse[] {
  const random = randomSource(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = options.start ?? Date.UTC(2025, 2, 3, 4, 0, 0);
  const responses: SeededResponse[] = [];

  for (let i = 0; i < options.count; i += 1) {
    const roll = random();
    const notConsented = options.notConsented ?? 0.04;
    const declined = notConsented + (options.declined ?? 0.04);
    const answering = declined + (options.answering ?? 0.12);
    const stage: Stage =
      roll < notConsented
        ? pick(["language", "consent"] as const)
        : roll < declined
          ? "declined"
          : roll < answering
            ? "answering"
            : "completed";
    const startedAt = start + i * 61_000;
    const consentedAt = stage === "answering" || stage === "completed" ? startedAt + 15_000 : null;
    const response: SeededResponse = {
      id: `R${(0x100000000000 + i).toString(16).toUpperCase()}`,
      address: String(700_000_000 + i),
      language: stage === "language" ? null : random() < 0.6 ? "kk" : "ru",
      schoolCode: random() < 0.93 ? pick(options.schoolCodes) : null,
      stage,
      cursor: null,
      tester: stage === "completed" && random() < (options.testers ?? 0.03),
      startedAt,
      consentedAt,
      declinedAt: stage === "declined" ? startedAt + 20_000 : null,
      completedAt: null,
      answers: new Map(),
    };
    if (consentedAt !== null) {
      const fast = random() < (options.fast ?? 0.02);
      walk(prompts, response, random, pick, fast);
    }
    responses.push(response);
  }
  return responses;
}

function walk(
  prompts: PromptList,
  response: SeededResponse,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
  fast: boolean,
): void {
  const stopAfter =
    response.stage === "answering" ? Math.floor(random() * 45) : Number.POSITIVE_INFINITY;
  const secondsPerPrompt = fast ? 1 : 4 + Math.floor(random() * 12);
  let at = response.consentedAt ?? 0;
  let prompt: Prompt | null = firstPrompt(prompts);
  let answered = 0;
  while (prompt) {
    if (answered >= stopAfter) {
      response.cursor = prompt.id;
      return;
    }
    const value = valueFor(prompt, random, pick);
    response.answers.set(prompt.id, value);
    at += secondsPerPrompt * 1000;
    answered += 1;
    prompt = nextPrompt(prompts, prompt, value);
  }
  if (response.stage === "answering") {
    // The walk ended before the planned stop: this teacher finished after all.
    response.stage = "completed";
  }
  response.completedAt = at;
}

/** Skewed choices, so some options stay rare and small cells appear under filters. */
function valueFor(
  prompt: Prompt,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
): string | null {
  switch (prompt.kind) {
    case "single":
      if (prompt.id === "q21") return random() < 0.75 ? "yes" : "no";
      if (prompt.other && random() < 0.05) return prompt.other;
      return skewed(
        prompt.options.filter((code) => code !== prompt.other),
        random,
      );
    case "multi": {
      const ticked = prompt.options.filter(() => random() < 0.35);
      return (ticked.length > 0 ? ticked : [pick(prompt.options)]).join(",");
    }
    case "number":
      return String(Math.floor(random() * random() * 41));
    case "text":
      if (prompt.of === "other") return pick(TEXTS);
      return random() < 0.4 ? null : pick(TEXTS);
    case "row":
      return skewed(prompt.columns, random);
    case "has-other-row":
      return random() < 0.15 ? "yes" : "no";
    case "other-row-text":
      return pick(TEXTS);
  }
}

/** Later options are more likely: the last of n gets weight n, the first weight 1. */
function skewed(options: readonly string[], random: () => number): string {
  const weights = options.map((_, index) => (index + 1) ** 1.5);
  let roll = random() * weights.reduce((a, b) => a + b, 0);
  for (const [index, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return options[index] as string;
  }
  return options.at(-1) as string;
}

/** Inserts respondents, contacts and answers in one transaction with prepared statements. */
export function insertResponses({ sqlite }: Database, responses: readonly SeededResponse[]): void {
  const respondent = sqlite.prepare(`
    INSERT INTO respondents (id, survey_id, survey_version, language, school_code, stage, cursor,
      tester, started_at, consented_at, declined_at, completed_at, last_activity_at)
    VALUES (?, 'teachers-50-schools', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const contact = sqlite.prepare(
    "INSERT INTO contacts (respondent_id, channel, address) VALUES (?, 'telegram', ?)",
  );
  const answer = sqlite.prepare(
    "INSERT INTO answers (respondent_id, variable, value, answered_at) VALUES (?, ?, ?, ?)",
  );
  sqlite.transaction(() => {
    for (const r of responses) {
      const last = r.completedAt ?? r.declinedAt ?? r.consentedAt ?? r.startedAt;
      respondent.run(
        r.id,
        r.language,
        r.schoolCode,
        r.stage,
        r.cursor,
        r.tester ? 1 : 0,
        r.startedAt,
        r.consentedAt,
        r.declinedAt,
        r.completedAt,
        last,
      );
      contact.run(r.id, r.address);
      let at = r.consentedAt ?? r.startedAt;
      for (const [variable, value] of r.answers) {
        at += 1000;
        answer.run(r.id, variable, value, at);
      }
    }
  })();
}
