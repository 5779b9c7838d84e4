/**
 * Checks what the database holds against the survey engine, as a researcher's import would:
 * every stored variable is a prompt of the survey, the engine accepts its value for that
 * prompt, and the answers lie on the path the engine takes through them.
 */
import type Sqlite from "better-sqlite3";
import { applyInput, firstPrompt, nextPrompt, promptById } from "../../src/survey/engine.js";
import type { Input } from "../../src/survey/input.js";
import type { Prompt, PromptList } from "../../src/survey/prompts.js";

/** One stored response: its stage and cursor, and its answers by variable. */
export interface StoredResponse {
  respondentId: string;
  stage: string;
  cursor: string | null;
  answers: Map<string, string | null>;
}

/** Reads every response from an open database. */
export function readResponses(db: Sqlite.Database): StoredResponse[] {
  const respondents = db.prepare("SELECT id, stage, cursor FROM respondents ORDER BY id").all() as {
    id: string;
    stage: string;
    cursor: string | null;
  }[];
  const rows = db.prepare("SELECT respondent_id, variable, value FROM answers").all() as {
    respondent_id: string;
    variable: string;
    value: string | null;
  }[];
  const byRespondent = new Map<string, Map<string, string | null>>();
  for (const row of rows) {
    const answers = byRespondent.get(row.respondent_id) ?? new Map();
    answers.set(row.variable, row.value);
    byRespondent.set(row.respondent_id, answers);
  }
  return respondents.map((r) => ({
    respondentId: r.id,
    stage: r.stage,
    cursor: r.cursor,
    answers: byRespondent.get(r.id) ?? new Map(),
  }));
}

/** The input that would have produced `value` at `prompt`, and the draft it needs. */
function inputFor(prompt: Prompt, value: string | null): { input: Input; selected: string[] } {
  if (value === null) return { input: { type: "skip" }, selected: [] };
  switch (prompt.kind) {
    case "single":
    case "row":
    case "has-other-row":
      return { input: { type: "choose", code: value }, selected: [] };
    case "multi":
      return { input: { type: "done" }, selected: value.split(",") };
    case "number":
    case "text":
    case "other-row-text":
      return { input: { type: "text", text: value }, selected: [] };
  }
}

/** Problems with one response; empty when the engine would have stored exactly this. */
export function problemsOf(list: PromptList, response: StoredResponse): string[] {
  const problems: string[] = [];
  const who = response.respondentId;

  for (const [variable, value] of response.answers) {
    const prompt = promptById(list, variable);
    if (!prompt) {
      problems.push(`${who}: ${variable} is not a prompt of the survey`);
      continue;
    }
    const { input, selected } = inputFor(prompt, value);
    const outcome = applyInput(list, prompt, input, selected);
    if (outcome.type !== "answered" || outcome.value !== value) {
      problems.push(`${who}: the engine does not accept ${JSON.stringify(value)} for ${variable}`);
    }
  }

  // Walk the path the stored answers choose; every answer must lie on it.
  const onPath = new Set<string>();
  let prompt: Prompt | null = firstPrompt(list);
  while (prompt && response.answers.has(prompt.id)) {
    onPath.add(prompt.id);
    prompt = nextPrompt(list, prompt, response.answers.get(prompt.id) ?? null);
  }
  const firstUnanswered = prompt?.id ?? null;
  for (const variable of response.answers.keys()) {
    if (!onPath.has(variable)) problems.push(`${who}: ${variable} is off the path of the answers`);
  }
  if (response.stage === "completed" && firstUnanswered !== null) {
    problems.push(`${who}: completed, yet ${firstUnanswered} is unanswered`);
  }
  if (response.stage === "answering") {
    const cursorOk =
      response.cursor !== null &&
      (response.cursor === firstUnanswered || onPath.has(response.cursor));
    if (!cursorOk) problems.push(`${who}: the cursor ${response.cursor} is off the path`);
  }
  if (response.stage !== "answering" && response.stage !== "completed") {
    if (response.answers.size > 0) problems.push(`${who}: answers stored at ${response.stage}`);
  }
  return problems;
}

/** Problems of every response in the database. */
export function storedAnswerProblems(db: Sqlite.Database, list: PromptList): string[] {
  return readResponses(db).flatMap((response) => problemsOf(list, response));
}
