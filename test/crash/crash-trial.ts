/**
 * The crash trial behind `npm run test:crash` and its short form in the test suite: simulated
 * teachers take the survey against the emulator while the bot process is killed with SIGKILL
 * at random moments and started again on the same database file.
 *
 * What counts:
 * - lost: an answer the teacher gave and whose next prompt (or the end) then reached them, but
 *   which the database does not hold with the value given, at a kill or at the end;
 * - doubled: a stored answer the teacher never gave to that prompt (a value applied to the
 *   wrong prompt, e.g. a retyped text taken for the next question) or a variable off the
 *   teacher's path (a prompt advanced twice);
 * - out of order: a teacher shown prompts in an order other than the engine's path;
 * - unfinished: a teacher who never reached the end message, or whose response is not
 *   completed at the right place.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { loadTranslations } from "../../src/i18n.js";
import { loadTeacherSurvey } from "../../src/survey-setup.js";
import { Random } from "../fuzz/random.js";
import { storedAnswerProblems } from "../fuzz/stored-answers.js";
import { startEmulator } from "../support/bot-api-emulator.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";
import { drawPlan } from "./answer-plan.js";
import { CrashTeacher } from "./crash-teacher.js";
import { compareWithTeachers } from "./expectations.js";

/** How a trial runs. */
export interface CrashOptions {
  teachers: number;
  /** Teachers taking the survey at the same time. */
  concurrency: number;
  seed: number;
  /** The bot is killed after a random uptime in this range (ms), again and again. */
  uptimeMs: [number, number];
  /** Kills at most this many times; then the teachers finish undisturbed. */
  maxKills?: number;
  /** How long a teacher waits for a reaction before acting again. */
  waitMs: number;
  /** Progress lines, e.g. console.log; silent when absent. */
  progress?: (line: string) => void;
}

/** What a trial measured. */
export interface CrashFigures {
  teachers: number;
  kills: number;
  /** Answers stored at the end, over all teachers. */
  answers: number;
  lost: number;
  doubled: number;
  outOfOrder: number;
  unfinished: number;
  /** Stored responses the survey engine would not have produced (see stored-answers.ts). */
  invalid: number;
  retries: number;
  restarts: number;
  integrity: string;
  /** The first problems found, for the report. */
  problems: string[];
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one trial and returns its figures; throws only when the harness itself fails. */
export async function runCrashTrial(options: CrashOptions): Promise<CrashFigures> {
  const started = Date.now();
  const random = new Random(options.seed);
  const list = loadTeacherSurvey();
  const translations = await loadTranslations();
  const endTexts = (["kk", "ru"] as const).flatMap((language) => [
    translations.t(language)("bot:end.completed"),
    translations.t(language)("bot:end.already_completed"),
  ]);

  const emu = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), "saualnama-crash-"));
  const env = {
    BOT_TOKEN: emu.token,
    BOT_API_ROOT: emu.apiRoot,
    DATABASE_PATH: join(dir, "crash.db"),
    LOG_LEVEL: "info",
  };
  const readDb = () => new Sqlite(env.DATABASE_PATH, { readonly: true });

  const teachers = Array.from({ length: options.teachers }, (_, index) => {
    const plan = drawPlan(list, random.fork());
    const user = {
      id: 710_000_000 + index,
      first_name: `Crash${index}`,
      language_code: plan.language,
    };
    return new CrashTeacher(emu, user, plan, random.fork(), endTexts, {
      waitMs: options.waitMs,
      attemptsBeforeStart: 4,
    });
  });

  let bot: BotProcess = await startBotProcess(env);
  let kills = 0;
  const lostAtKills = new Set<string>();
  let done = false;
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const killer = (async () => {
    while (!done && kills < (options.maxKills ?? Number.POSITIVE_INFINITY)) {
      await Promise.race([sleep(random.int(...options.uptimeMs)), finished]);
      if (done) break;
      await bot.stop("SIGKILL");
      kills += 1;
      // The process is gone: what the teachers saw acknowledged must be on disk now.
      for (const teacher of teachers) teacher.observe();
      const db = readDb();
      try {
        for (const problem of compareWithTeachers(db, teachers, { final: false }).lost) {
          lostAtKills.add(problem);
        }
      } finally {
        db.close();
      }
      options.progress?.(
        `kill ${kills}: ${teachers.filter((t) => t.finished).length}/${teachers.length} finished`,
      );
      bot = await startBotProcess(env);
    }
  })();

  let next = 0;
  const worker = async () => {
    for (let teacher = teachers[next++]; teacher; teacher = teachers[next++]) await teacher.run();
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  done = true;
  finish();
  await killer;
  await bot.stop("SIGTERM");
  await emu.stop();

  const db = readDb();
  try {
    const integrity = String(db.pragma("integrity_check", { simple: true }));
    const final = compareWithTeachers(db, teachers, { final: true });
    const invalid = storedAnswerProblems(db, list);
    const lost = new Set([...lostAtKills, ...final.lost]);
    const problems = [
      ...lost,
      ...final.doubled,
      ...final.outOfOrder,
      ...final.unfinished,
      ...invalid,
    ];
    return {
      teachers: teachers.length,
      kills,
      answers: final.answers,
      lost: lost.size,
      doubled: final.doubled.length,
      outOfOrder: final.outOfOrder.length,
      unfinished: final.unfinished.length,
      invalid: invalid.length,
      retries: teachers.reduce((sum, t) => sum + t.retries, 0),
      restarts: teachers.reduce((sum, t) => sum + t.restarts, 0),
      integrity,
      problems: problems.slice(0, 20),
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
