/**
 * The field cases of ../shared/cases/README.md (C1-C10), each a test named after its id, run
 * through the Bot API emulator against the real bot and a temp SQLite file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeButton } from "../../src/channels/telegram/callback-data.js";
import { loadTranslations, type Translate } from "../../src/i18n.js";
import { startEmulator } from "../support/bot-api-emulator.js";
import { startBotProcess } from "../support/bot-process.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";
import {
  answerUntil,
  callbackDataIn,
  promptIdSent,
  StoredSurvey,
  sentSince,
} from "../support/journey.js";
import { type Answer, promptIdOf, SimTeacher, typicalAnswer } from "../support/teacher.js";

const translations = await loadTranslations();
const kk: Translate = translations.t("kk");
const ru: Translate = translations.t("ru");

let rig: TestRig;
let stored: StoredSurvey;
beforeEach(async () => {
  rig = await startRig();
  stored = new StoredSurvey(rig.dbPath);
});
afterEach(async () => {
  await rig.close();
});

const teacher = (id: number, language_code = "kk") =>
  new SimTeacher(rig.emu, { id, first_name: `Teacher${id}`, language_code });

/** Answers that take every "Other", go back twice, and answer yes at q21 (or no). */
function everyBranch(q21: "yes" | "no") {
  return (promptId: string): Answer => {
    const own: Record<string, Answer> = {
      q5: { press: "other" },
      q5_other: { text: "Педагог-шебер (аға)" },
      q6: { press: "other" },
      q6_other: { text: "Екі жоғары білім" },
      q19_10_has: { press: "yes" },
      q19_10_text: { text: "Интернет баяу / медленный интернет" },
      q19_10: { press: "3" },
      q20_12_has: { press: "yes" },
      q20_12_text: { text: "Инклюзивті білім беру" },
      q20_12: { press: "4" },
      q21: { press: q21 },
    };
    return own[promptId] ?? typicalAnswer(promptId);
  };
}

describe("field cases", () => {
  it("C1 stale button: a q1 button pressed at q3 gets a notice and changes nothing", async () => {
    const t = teacher(2001);
    const q1 = await t.begin("kk");
    await answerUntil(t, "q3");
    const sentBefore = rig.emu.callsTo("sendMessage").length;

    const notice = await t.press("a:q1:male", q1);

    expect(notice).toBe(kk("bot:notice.stale_button"));
    expect(stored.answers(t.chatId).q1).toBe("female");
    expect(stored.position(t.chatId)).toEqual({ stage: "answering", cursor: "q3" });
    expect(rig.emu.callsTo("sendMessage")).toHaveLength(sentBefore);
    const q3 = await t.answer("q3", { press: "ile" });
    expect(promptIdOf(q3)).toBe("q4");
  });

  it("C2 double tap: the same q8 button twice is one answer and one advance", async () => {
    const t = teacher(2002);
    await t.begin("kk");
    const q8 = await answerUntil(t, "q8");
    const since = rig.emu.calls.length;

    const first = rig.emu.pressButton(t.user, q8, "a:q8:3");
    const second = rig.emu.pressButton(t.user, q8, "a:q8:3");
    const answered = (id: string | undefined) =>
      rig.emu.waitFor(
        (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === id,
        { since },
      );
    await Promise.all([answered(first.callback_query?.id), answered(second.callback_query?.id)]);

    const sent = sentSince(rig.emu.calls, t.chatId, since);
    expect(sent).toHaveLength(1);
    expect(promptIdSent(sent[0])).toBe("q9");
    expect(rig.emu.callbackAnswer(first.callback_query?.id ?? "")?.text).toBeUndefined();
    expect(rig.emu.callbackAnswer(second.callback_query?.id ?? "")?.text).toBeUndefined();
    expect(stored.answers(t.chatId).q8).toBe("3");
    expect(stored.answers(t.chatId).q9).toBeUndefined();
    expect(stored.position(t.chatId)).toEqual({ stage: "answering", cursor: "q9" });
  });

  it("C3 restart: a q11 button from before a SIGKILL is accepted by the new process", async () => {
    const emu = await startEmulator();
    const dir = mkdtempSync(join(tmpdir(), "saualnama-c3-"));
    const env = {
      BOT_TOKEN: emu.token,
      BOT_API_ROOT: emu.apiRoot,
      DATABASE_PATH: join(dir, "survey.db"),
    };
    const bots = [await startBotProcess(env)];
    try {
      const t = new SimTeacher(emu, { id: 2003, first_name: "Aigul", language_code: "kk" });
      await t.begin("kk");
      const q11 = await answerUntil(t, "q11");
      const before = new StoredSurvey(env.DATABASE_PATH).answers(t.chatId);
      expect(Object.keys(before)).toHaveLength(10);

      await bots[0]?.stop("SIGKILL");
      bots.push(await startBotProcess(env));
      const notice = await t.press("a:q11:4", q11);

      expect(notice).toBeUndefined();
      expect(promptIdOf(await t.next(15_000))).toBe("q12");
      const after = new StoredSurvey(env.DATABASE_PATH);
      expect(after.answers(t.chatId)).toEqual({ ...before, q11: "4" });
      expect(after.position(t.chatId)).toEqual({ stage: "answering", cursor: "q12" });
      const q13 = await t.answer("q12", { press: "2" });
      expect(promptIdOf(q13)).toBe("q13");
    } finally {
      for (const bot of bots) await bot.stop("SIGKILL");
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("C4 edited message: editing the q17 answer at q18 is not a q18 answer", async () => {
    const t = teacher(2004);
    await t.begin("kk");
    await answerUntil(t, "q17");
    const q18 = await t.answer("q17", { text: "Практика көбірек болсын" });
    expect(promptIdOf(q18)).toBe("q18");
    const sentAnswer = rig.emu.userMessages(t.chatId).at(-1);

    rig.emu.editUserMessage(t.user, sentAnswer?.message_id ?? 0, "Мүлде басқа жауап");
    const reply = await t.next();

    expect(reply.text).toBe(kk("bot:notice.edits_ignored"));
    const answers = stored.answers(t.chatId);
    expect(answers.q17).toBe("Практика көбірек болсын");
    expect(answers).not.toHaveProperty("q18");
    expect(stored.position(t.chatId)).toEqual({ stage: "answering", cursor: "q18" });
  });

  it("C5 group chat: /start in a group points to the private chat and stores nobody", async () => {
    const user = { id: 2005, first_name: "Dana", language_code: "kk" };
    const group = { id: -100200, title: "Мұғалімдер", type: "group" as const };

    rig.emu.sendGroupText(user, group, "/start");
    const reply = await rig.emu.nextBotMessage(group.id);
    rig.emu.sendGroupText(user, group, `/start@${rig.emu.me.username}`);
    const again = await rig.emu.nextBotMessage(group.id);

    for (const message of [reply, again]) {
      expect(message.text).toBe(kk("bot:notice.private_only"));
      const button = JSON.stringify(message.reply_markup);
      expect(button).toContain(`https://t.me/${rig.emu.me.username}`);
    }
    expect(stored.count("respondents")).toBe(0);
    expect(stored.count("contacts")).toBe(0);
  });

  it("C6 button data size: every callback_data sent in kk and ru is at most 64 bytes", async () => {
    const runs: [SimTeacher, "kk" | "ru", "yes" | "no"][] = [
      [teacher(2061), "kk", "yes"],
      [teacher(2062, "ru"), "ru", "no"],
      [teacher(2063), "ru", "yes"],
      [teacher(2064, "ru"), "kk", "no"],
    ];
    for (const [t, language, q21] of runs) {
      await t.begin(language);
      // Back on the way: from q2 to q1, from the q19 "other" rating to its text.
      await t.answer("q1", { press: "male" });
      await t.press("b:q2");
      await t.next();
      await answerUntil(t, "q19_10", everyBranch(q21));
      await t.press("b:q19_10");
      await t.next();
      await t.answerAll(everyBranch(q21));
      expect(stored.position(t.chatId).stage).toBe("completed");
    }

    const data = callbackDataIn(rig.emu.calls);
    expect(new Set(data).size).toBeGreaterThan(100);
    for (const value of data) {
      expect(Buffer.byteLength(value, "utf8"), value).toBeLessThanOrEqual(64);
      expect(decodeButton(value), value).toBeDefined();
    }
    expect(stored.answers(2061)).toMatchObject({ q5_other: "Педагог-шебер (аға)", q22_6: "4" });
    expect(stored.answers(2062)).not.toHaveProperty("q22_1");
  });

  it("C7 /start mid-survey: at q20 row 5 it is no answer and q20 row 5 stays current", async () => {
    const t = teacher(2007);
    await t.begin("kk");
    await answerUntil(t, "q20_5");
    const before = stored.answers(t.chatId);

    const notice = await t.command("/start");
    const again = await t.next();

    expect(notice.text).toBe(kk("bot:notice.continue_here"));
    expect(promptIdOf(again)).toBe("q20_5");
    expect(again.text).toContain(kk("bot:prompt.row", { row: 5, rows: 12 }));
    expect(stored.answers(t.chatId)).toEqual(before);
    expect(stored.position(t.chatId)).toEqual({ stage: "answering", cursor: "q20_5" });
    const next = await t.answer("q20_5", { press: "2" });
    expect(promptIdOf(next)).toBe("q20_6");
    expect(stored.answers(t.chatId).q20_5).toBe("2");
  });

  it("C8 text for a button: 'Математика' at q2 asks for the buttons and stores nothing", async () => {
    const t = teacher(2008, "ru");
    await t.begin("ru");
    await answerUntil(t, "q2");

    const notice = await t.say("Математика");
    const again = await t.next();

    expect(notice.text).toBe(ru("bot:notice.use_buttons"));
    expect(promptIdOf(again)).toBe("q2");
    expect(again.text).toContain(ru("survey:q2.text"));
    expect(stored.answers(t.chatId)).not.toHaveProperty("q2");
    expect(stored.position(t.chatId)).toEqual({ stage: "answering", cursor: "q2" });
  });

  it("C9 years: abc, 12.5, -3 and 75 are refused each with its reason; ' 12 ' is 12", async () => {
    const t = teacher(2009);
    await t.begin("kk");
    await answerUntil(t, "q4");

    const reasons: string[] = [];
    for (const typed of ["abc", "12.5", "-3", "75"]) {
      const notice = await t.say(typed);
      reasons.push(notice.text ?? "");
      expect(promptIdOf(await t.next())).toBe("q4");
      expect(stored.answers(t.chatId)).not.toHaveProperty("q4");
    }
    expect(reasons).toEqual([
      kk("bot:notice.not_a_number"),
      kk("bot:notice.not_whole"),
      kk("bot:notice.negative", { limit: 0 }),
      kk("bot:notice.too_large", { limit: 60 }),
    ]);
    expect(new Set(reasons).size).toBe(4);

    const q5 = await t.say(" 12 ");
    expect(promptIdOf(q5)).toBe("q5");
    expect(stored.answers(t.chatId).q4).toBe("12");
  });

  it("C10 sticker for text: a sticker then a photo at q17 each get a request for text", async () => {
    const t = teacher(2010);
    await t.begin("kk");
    await answerUntil(t, "q17");
    const before = stored.answers(t.chatId);

    rig.emu.sendSticker(t.user);
    const afterSticker = await t.next();
    rig.emu.sendPhoto(t.user, { caption: "суретте" });
    const afterPhoto = await t.next();

    expect(afterSticker.text).toBe(kk("bot:notice.send_text"));
    expect(afterPhoto.text).toBe(kk("bot:notice.send_text"));
    expect(stored.answers(t.chatId)).toEqual(before);
    expect(stored.answers(t.chatId)).not.toHaveProperty("q17");
    expect(stored.position(t.chatId)).toEqual({ stage: "answering", cursor: "q17" });
  });
});
