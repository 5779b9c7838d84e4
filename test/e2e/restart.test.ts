/**
 * The bot killed (SIGKILL, not a polite stop) in the middle of a survey and started again on
 * the same SQLite file: the teacher goes on without losing an answer, and updates Telegram
 * delivers again after the kill are not applied twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadTranslations } from "../../src/i18n.js";
import {
  type BotApiEmulator,
  type ChatMessage,
  startEmulator,
} from "../support/bot-api-emulator.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";
import { answerUntil, promptIdSent, StoredSurvey, sentSince } from "../support/journey.js";
import { type Answer, promptIdOf, SimTeacher, typicalAnswer } from "../support/teacher.js";

const kk = (await loadTranslations()).t("kk");

let emu: BotApiEmulator;
let dir: string;
let env: Record<string, string>;
let stored: StoredSurvey;
const bots: BotProcess[] = [];

beforeEach(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), "saualnama-restart-"));
  const databasePath = join(dir, "survey.db");
  env = { BOT_TOKEN: emu.token, BOT_API_ROOT: emu.apiRoot, DATABASE_PATH: databasePath };
  stored = new StoredSurvey(databasePath);
  bots.push(await startBotProcess(env));
});
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop("SIGKILL");
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Kills the running bot with SIGKILL and starts a new process on the same database. */
async function restart(): Promise<void> {
  await bots.at(-1)?.stop("SIGKILL");
  bots.push(await startBotProcess(env));
}

/** Answers with an "Other" at q5, so the follow-up text is part of what must survive. */
function withOther(promptId: string): Answer {
  if (promptId === "q5") return { press: "other" };
  if (promptId === "q5_other") return { text: "Педагог-шебер (аға)" };
  if (promptId === "q12") return { press: "2" };
  return typicalAnswer(promptId);
}

/** Sends /start and returns the prompt shown after the "let us continue" notice. */
async function continueAfterStart(t: SimTeacher): Promise<ChatMessage> {
  emu.sendCommand(t.user, "/start");
  for (;;) {
    const message = await t.next(15_000);
    if (message.text === kk("bot:notice.continue_here")) return t.next(15_000);
  }
}

describe("a bot killed mid-survey", () => {
  it("lets the teacher resume without losing an answer", async () => {
    const t = new SimTeacher(emu, { id: 4001, first_name: "Aigul", language_code: "kk" });
    await t.begin("kk");
    const q12 = await answerUntil(t, "q12", withOther);

    // The kill comes right after a press, whether or not the bot got to handle it.
    emu.pressButton(t.user, q12, "a:q12:2");
    await restart();
    const resumed = await continueAfterStart(t);
    expect(["q12", "q13"]).toContain(promptIdOf(resumed));
    const seen = await t.answerAll(withOther, resumed);

    expect(seen.at(-1)).toBe("q22_6");
    const answers = stored.answers(t.chatId);
    expect(Object.keys(answers)).toHaveLength(48);
    expect(answers).toMatchObject({
      q4: "12",
      q5: "other",
      q5_other: "Педагог-шебер (аға)",
      q7: "a,c",
      q11: "3",
      q12: "2",
      q22_6: "4",
    });
    expect(stored.respondent(t.chatId)).toMatchObject({
      stage: "completed",
      language: "kk",
      started_at: expect.any(Number),
      consented_at: expect.any(Number),
      completed_at: expect.any(Number),
    });
    expect(stored.count("respondents")).toBe(1);
  });

  it("does not apply an update twice when it is delivered again after the kill", async () => {
    const t = new SimTeacher(emu, { id: 4002, first_name: "Dana", language_code: "kk" });
    await t.begin("kk");
    await answerUntil(t, "q4");
    const typed = emu.sendText(t.user, "12");
    const q5 = await t.next();
    const pressed = emu.pressButton(t.user, q5, "a:q5:other");
    await t.next();
    const written = emu.sendText(t.user, "Басқа санат");
    expect(promptIdOf(await t.next())).toBe("q6");
    // One chat's updates are handled in order: once this stale press is answered, the bot has
    // finished with the text before it, including recording that q6 was shown.
    expect(await t.press("a:q5:expert", q5)).toBe(kk("bot:notice.stale_button"));
    const before = stored.answers(t.chatId);

    await restart();
    const since = emu.calls.length;
    for (const update of [typed, pressed, written]) emu.redeliver(update.update_id);
    const resumed = await continueAfterStart(t);

    expect(promptIdOf(resumed)).toBe("q6");
    expect(stored.answers(t.chatId)).toEqual(before);
    expect(stored.position(t.chatId)).toEqual({ stage: "answering", cursor: "q6" });
    const sent = sentSince(emu.calls, t.chatId, since);
    expect(sent.map((call) => call.params.text)).toEqual([
      kk("bot:notice.continue_here"),
      expect.stringContaining(kk("survey:q6.text")),
    ]);
  });

  it("sends the next prompt when the answer was stored but the prompt never went out", async () => {
    const t = new SimTeacher(emu, { id: 4003, first_name: "Erlan", language_code: "kk" });
    await t.begin("kk");
    const q9 = await answerUntil(t, "q9");

    // Telegram refuses the bot's messages while the answer is being stored: the answer is
    // written, the next prompt is not delivered; then the process dies.
    emu.blockChat(t.chatId);
    const since = emu.calls.length;
    const pressed = emu.pressButton(t.user, q9, "a:q9:4");
    await emu.waitFor((c) => c.method === "editMessageText" && !c.response.ok, { since });
    expect(stored.answers(t.chatId).q9).toBe("4");
    await restart();
    emu.unblockChat(t.chatId);
    const after = emu.calls.length;
    emu.redeliver(pressed.update_id);

    const q10 = await t.next(15_000);
    expect(promptIdOf(q10)).toBe("q10");
    const q11 = await t.answer("q10", { press: "2" });

    expect(promptIdOf(q11)).toBe("q11");
    expect(sentSince(emu.calls, t.chatId, after).map(promptIdSent)).toEqual(["q10", "q11"]);
    const pressedNow = emu.botMessages(t.chatId).find((m) => m.message_id === q9.message_id);
    expect(pressedNow?.reply_markup).toBeUndefined();
    expect(stored.answers(t.chatId)).toMatchObject({ q9: "4", q10: "2" });
    expect(stored.position(t.chatId)).toEqual({ stage: "answering", cursor: "q11" });
  });
});
