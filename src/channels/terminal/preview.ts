/**
 * `npm run preview -- --lang kk`: the survey in the terminal, on the bot's engine, use cases
 * and texts, for checking the wording without a Telegram token. Answers go to a temporary
 * database that is deleted on exit; what it would store is printed at the end. Lines can be
 * piped in: `printf '1\n1\n' | npm run preview -- --lang kk`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { type Address, type Language, languages, type Session } from "../../app/ports.js";
import { createSurveySessions } from "../../app/survey-sessions.js";
import type { Step } from "../../app/views.js";
import { loadTranslations, type Translate } from "../../i18n.js";
import { openDatabase } from "../../storage/database.js";
import { createSessionStore } from "../../storage/session-store.js";
import { firstPrompt } from "../../survey/engine.js";
import { loadTeacherSurvey } from "../../survey-setup.js";
import { type Reply, readInput } from "./read-input.js";
import { renderStep, renderStored, renderView } from "./render.js";

const translations = await loadTranslations();
const chosenLanguage = languageFromArgs();
const prompts = loadTeacherSurvey();

const folder = mkdtempSync(join(tmpdir(), "saualnama-preview-"));
const databasePath = join(folder, "preview.db");
// "exit" runs on every way out (the end, Ctrl+C, a closed stdin, an error), so nothing stays.
process.on("exit", () => rmSync(folder, { recursive: true, force: true }));
const database = openDatabase(databasePath);
process.prependListener("exit", () => database.close());
process.on("SIGINT", interrupted);
process.on("SIGTERM", interrupted);
console.log(`(preview database: ${databasePath})`);

const store = createSessionStore(database, prompts.survey);
const sessions = createSurveySessions({
  store,
  prompts,
  clock: Date.now,
  newRespondentId: () => "preview",
  // The preview has no start links, so no school code ever arrives.
  isKnownSchool: () => false,
  onUnknownSchool: () => undefined,
});
const facts = {
  totalQuestions: prompts.survey.questions.length,
  firstPromptId: firstPrompt(prompts).id,
};
const address: Address = { channel: "terminal", id: "preview" };

const opening = sessions.start(address, undefined);
show({
  step: chosenLanguage ? sessions.chooseLanguage(current(), chosenLanguage) : opening,
});

const rl = createInterface({
  input: process.stdin,
  output: process.stdout,
  terminal: process.stdin.isTTY,
});
// In a terminal, readline takes Ctrl+C as a key and reports it here instead of as a signal.
rl.on("SIGINT", interrupted);
rl.setPrompt("> ");
rl.prompt();
for await (const line of rl) {
  // Piped lines are not echoed by the terminal; printing them keeps the transcript readable.
  if (!process.stdin.isTTY) console.log(line);
  show(readInput(line, { sessions, address, t: translate() }));
  const { stage } = current();
  if (stage === "completed" || stage === "declined") break;
  rl.prompt();
}
const { respondentId } = current();
console.log(
  `\n${renderStored(prompts.prompts, (id) => store.answerOf(respondentId, id), translate())}`,
);
rl.close();

function show(reply: Reply): void {
  const t = translate();
  const step: Step = "step" in reply ? reply.step : {};
  const said = "refusal" in reply ? t(reply.refusal.key, reply.refusal.params) : "";
  const shown = renderStep(step, t, facts);
  // A refused line, or a step with nothing new to show, gets the same question again.
  const again = step.view || step.ticked ? "" : renderView(sessions.viewOf(current()), t, facts);
  for (const text of [said, shown, again]) if (text) console.log(`\n${text}`);
}

/** Ctrl+C or a kill: leave at once, on a fresh line; the "exit" handlers remove the database. */
function interrupted(signal: NodeJS.Signals = "SIGINT"): never {
  console.log();
  process.exit(128 + constants.signals[signal]);
}

function current(): Session {
  const session = sessions.find(address);
  if (!session) throw new Error("the preview session was not created");
  return session;
}

function translate(): Translate {
  return translations.t(current().language ?? "kk");
}

function languageFromArgs(): Language | undefined {
  let lang: string | undefined;
  try {
    lang = parseArgs({ options: { lang: { type: "string" } } }).values.lang;
  } catch {
    lang = "";
  }
  const known = languages.find((language) => language === lang);
  if (lang === undefined || known) return known;
  const t = translations.t("kk");
  if (lang) console.error(t("terminal:unknown_language", { value: lang }));
  console.error(t("terminal:usage"));
  process.exit(2);
}
