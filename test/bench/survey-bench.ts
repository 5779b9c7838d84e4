/**
 * Sections 1 and 2: the floor and the survey, side by side in one process. Simulated people
 * take turns (one update each per round), a floor press and a survey step alternating, so
 * both meet the same machine at the same moments; each update is timed around
 * `bot.handleUpdate`, which covers routing, the database and every Bot API request.
 */
import { join } from "node:path";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { createSaualnama, type Saualnama } from "../../src/compose.js";
import { parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { makeTempDir, removeTempDir } from "./cleanup.js";
import { mean, round, seededRandom } from "./figures.js";
import { createFloorBot, type FloorBot } from "./floor.js";
import { clockRequests, type RequestClock } from "./request-clock.js";
import { recordBytes } from "./row-bytes.js";
import { type Sample, type SurveyFigures, slice, timings } from "./survey-figures.js";
import { type TeacherStep, teacherSteps } from "./survey-teacher.js";
import { BENCH_TOKEN, TelegramStandIn } from "./telegram-stand-in.js";

/** How sections 1 and 2 run. */
export interface SurveyBenchOptions {
  teachers: number;
  /** Teachers run through both bots first, untimed, so the JIT has seen every path. */
  warmup: number;
  seed: number;
}

const FLOOR_CHATS = 1_000_000;
const FLOOR_CALLS_CHATS = 1_500_000;
const SURVEY_CHATS = 2_000_000;
/** The floor's people press as often as a full survey has prompts. */
const FLOOR_PRESSES = 47;
/**
 * People start one after another over this many rounds, so that at any moment some are at
 * their first prompts and some at their last: a burst of load from elsewhere on the machine
 * then hits both ends of the survey alike, and last-5/first-5 measures position, not time.
 */
const STAGGER_ROUNDS = 50;

interface Floors {
  reply: FloorBot;
  surveyCalls: FloorBot;
}

interface Driven {
  floorTimes: Sample[];
  floorCallsTimes: Sample[];
  teachers: SurveyTeacher[];
}

interface SurveyTeacher {
  chatId: number;
  steps: Generator<TeacherStep, number, void>;
  times: (Sample & { ordinal: number })[];
  /** Bot API requests the bot made while handling this teacher's updates. */
  requests: number;
  prompts: number;
  firstBytes?: number;
  lastBytes?: number;
  maxBytes: number;
  done: boolean;
}

/** Runs the floor and the survey; every figure comes from the same run. */
export async function benchSurvey(options: SurveyBenchOptions): Promise<SurveyFigures> {
  const dir = makeTempDir("saualnama-bench-");
  const telegram = new TelegramStandIn();
  const app = await startApp(telegram, join(dir, "survey.db"));
  const floors: Floors = {
    reply: createFloorBot(telegram, dir, "reply"),
    surveyCalls: createFloorBot(telegram, dir, "survey-calls"),
  };
  const random = seededRandom(options.seed);
  const timed = updateTimer([app.bot, floors.reply.bot, floors.surveyCalls.bot]);
  const run = { app, floors, telegram, random, timed };
  try {
    await drive(run, options.warmup, 0);
    const measured = await drive(run, options.teachers, options.warmup);
    return summarise(app, floors, measured, options);
  } finally {
    await app.stop();
    floors.reply.close();
    floors.surveyCalls.close();
    removeTempDir(dir);
  }
}

async function startApp(telegram: TelegramStandIn, databasePath: string): Promise<Saualnama> {
  const parsed = parseConfig({
    BOT_TOKEN: BENCH_TOKEN,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: "silent",
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const app = await createSaualnama(parsed.config, createLogger("silent"), {
    fetch: telegram.fetch as typeof fetch,
  });
  await app.bot.init();
  return app;
}

/** What driving people through the bots needs. */
interface Run {
  app: Saualnama;
  floors: Floors;
  telegram: TelegramStandIn;
  random: () => number;
  timed: UpdateTimer;
}

async function drive(
  { app, floors, telegram, random, timed }: Run,
  count: number,
  offset: number,
): Promise<Driven> {
  const floorChats = Array.from({ length: count }, (_, i) => FLOOR_CHATS + offset + i);
  const callsChats = Array.from({ length: count }, (_, i) => FLOOR_CALLS_CHATS + offset + i);
  for (const chatId of [...floorChats, ...callsChats]) telegram.addUser(chatId, "kk");
  const teachers = Array.from({ length: count }, (_, i): SurveyTeacher => {
    const chatId = SURVEY_CHATS + offset + i;
    const language = random() < 0.7 ? "kk" : "ru";
    telegram.addUser(chatId, language);
    const steps = teacherSteps(telegram, chatId, app.prompts, random, language);
    return { chatId, steps, times: [], requests: 0, prompts: 0, maxBytes: 0, done: false };
  });
  const stateOf = stateReader(app);

  const floorTimes: Sample[] = [];
  const floorCallsTimes: Sample[] = [];
  const floorRounds = STAGGER_ROUNDS + FLOOR_PRESSES;
  for (let round = 0; round < floorRounds || teachers.some((t) => !t.done); round += 1) {
    for (const [i, teacher] of teachers.entries()) {
      const step = round - Math.floor((i * STAGGER_ROUNDS) / count);
      if (step < 0) continue;
      if (step < FLOOR_PRESSES) {
        const reply = floorChats[i] ?? 0;
        floorTimes.push(await timed(floors.reply.bot, floors.reply.nextPress(reply)));
        const calls = callsChats[i] ?? 0;
        floorCallsTimes.push(
          await timed(floors.surveyCalls.bot, floors.surveyCalls.nextPress(calls)),
        );
      }
      if (!teacher.done) await stepTeacher(app, telegram, timed, teacher, stateOf);
    }
  }
  return { floorTimes, floorCallsTimes, teachers };
}

/** Hands the teacher's next update to the bot; at a new prompt, first reads their state. */
async function stepTeacher(
  app: Saualnama,
  telegram: TelegramStandIn,
  timed: UpdateTimer,
  teacher: SurveyTeacher,
  stateOf: (chatId: number) => number,
): Promise<void> {
  const next = teacher.steps.next();
  if (next.done) {
    teacher.done = true;
    teacher.prompts = next.value;
    return;
  }
  const { update, ordinal, opensPrompt } = next.value;
  if (opensPrompt) {
    const bytes = stateOf(teacher.chatId);
    teacher.firstBytes ??= bytes;
    teacher.lastBytes = bytes;
    teacher.maxBytes = Math.max(teacher.maxBytes, bytes);
  }
  const before = telegram.requests;
  teacher.times.push({ ...(await timed(app.bot, update)), ordinal });
  teacher.requests += telegram.requests - before;
}

/** What a bot takes to handle one update, its Bot API requests included. */
type UpdateTimer = (bot: Bot, update: Update) => Promise<Sample>;

/** Times updates handed to any of `bots`, with the share spent in their Bot API requests. */
function updateTimer(bots: Bot[]): UpdateTimer {
  const clocks = new Map<Bot, RequestClock>(bots.map((bot) => [bot, clockRequests(bot)]));
  return async (bot, update) => {
    const requests = clocks.get(bot);
    if (!requests) throw new Error("a bot the timer was not given");
    requests.take();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await bot.handleUpdate(update);
    const us = (performance.now() - started) * 1000;
    const spent = process.cpuUsage(cpu);
    return { us, cpuUs: spent.user + spent.system, requestsUs: requests.take() };
  };
}

/** Reads the stored in-progress state of the teacher in a chat: their two rows, in bytes. */
function stateReader(app: Saualnama): (chatId: number) => number {
  const { sqlite } = app.database;
  const respondentOf = sqlite.prepare(
    "select respondent_id as id from contacts where channel = 'telegram' and address = ?",
  );
  return (chatId) => {
    const row = respondentOf.get(String(chatId)) as { id: string } | undefined;
    if (!row) throw new Error(`chat ${chatId} has no respondent`);
    return (
      recordBytes(sqlite, "respondents", "id = ?", [row.id]) +
      recordBytes(sqlite, "contacts", "respondent_id = ?", [row.id])
    );
  };
}

function summarise(
  app: Saualnama,
  floors: Floors,
  { floorTimes, floorCallsTimes, teachers }: Driven,
  options: SurveyBenchOptions,
): SurveyFigures {
  const all = teachers.flatMap((teacher) => teacher.times);
  const first5 = slice(
    teachers.flatMap((teacher) =>
      teacher.times.filter((time) => time.ordinal >= 0 && time.ordinal < 5),
    ),
  );
  const last5 = slice(
    teachers.flatMap((teacher) =>
      teacher.times.filter((time) => time.ordinal >= teacher.prompts - 5),
    ),
  );
  const { sqlite } = app.database;
  const completed = (
    sqlite.prepare("select count(*) as n from respondents where stage = 'completed'").get() as {
      n: number;
    }
  ).n;
  const everyone = options.teachers + options.warmup;
  const expectedPresses = everyone * FLOOR_PRESSES;
  for (const floor of [floors.reply, floors.surveyCalls]) {
    if (floor.storedPresses() !== expectedPresses)
      throw new Error(`a floor stored ${floor.storedPresses()} of ${expectedPresses} presses`);
  }

  const survey = timings(all);
  const floorTimings = timings(floorTimes);
  const floorCalls = timings(floorCallsTimes);
  const prompts = teachers.map((teacher) => teacher.prompts);
  return {
    teachers: options.teachers,
    floor: floorTimings,
    floorWithSurveyCalls: floorCalls,
    survey: {
      ...survey,
      first5,
      last5,
      lastToFirst: round(last5.meanUs / first5.meanUs, 3),
      lastToFirstCpu: round(last5.cpuMeanUs / first5.cpuMeanUs, 3),
      lastToFirstMedian: round(last5.p50Us / first5.p50Us, 3),
      promptsPerTeacher: { min: Math.min(...prompts), max: Math.max(...prompts) },
      requestsPerUpdate: round(
        teachers.reduce((total, teacher) => total + teacher.requests, 0) / all.length,
        2,
      ),
      completed,
    },
    surveyToFloor: round(survey.meanUs / floorTimings.meanUs, 3),
    surveyToFloorCpu: round(survey.cpuMeanUs / floorTimings.cpuMeanUs, 3),
    surveyToFloorWithSurveyCalls: round(survey.meanUs / floorCalls.meanUs, 3),
    surveyToFloorWithSurveyCallsCpu: round(survey.cpuMeanUs / floorCalls.cpuMeanUs, 3),
    surveyToFloorOwnCode: round(survey.ownMeanUs / floorTimings.ownMeanUs, 3),
    stateBytes: {
      firstPrompt: round(mean(teachers.map((teacher) => teacher.firstBytes ?? Number.NaN)), 1),
      lastPrompt: round(mean(teachers.map((teacher) => teacher.lastBytes ?? Number.NaN)), 1),
      max: Math.max(...teachers.map((teacher) => teacher.maxBytes)),
    },
    processedUpdatesBytesPerTeacher: round(
      recordBytes(sqlite, "processed_updates", "1 = 1", []) / everyone,
      0,
    ),
    rssMb: round(process.memoryUsage().rss / 2 ** 20, 1),
  };
}
