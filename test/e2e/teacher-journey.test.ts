/**
 * A teacher's journey through the survey over the Bot API emulator, beyond the field cases:
 * school links, consent, "Other" follow-ups, Back, the q21 branch, the language, returning
 * and completed teachers. Each test reads the SQLite file. Bad input: teacher-bad-input.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Translate } from "../../src/i18n.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";
import { answerUntil, StoredSurvey } from "../support/journey.js";
import { promptIdOf, SimTeacher, typicalAnswer } from "../support/teacher.js";

let schoolsDir: string;
let rig: TestRig;
let stored: StoredSurvey;
let kk: Translate;
let ru: Translate;

beforeAll(() => {
  schoolsDir = mkdtempSync(join(tmpdir(), "saualnama-schools-"));
  writeFileSync(
    join(schoolsDir, "schools.csv"),
    "code,name_kk,name_ru,district,teachers\n" +
      "SCH01,№1 мектеп-гимназия,Школа-гимназия №1,talgar,34\n" +
      "SCH02,Абай атындағы орта мектеп,Средняя школа имени Абая,ile,21\n",
  );
});
afterAll(() => rmSync(schoolsDir, { recursive: true, force: true }));

beforeEach(async () => {
  rig = await startRig({ SCHOOLS_FILE: join(schoolsDir, "schools.csv") });
  stored = new StoredSurvey(rig.dbPath);
  kk = rig.app.translations.t("kk");
  ru = rig.app.translations.t("ru");
});
afterEach(async () => {
  await rig.close();
});

const teacher = (id: number, language_code = "kk") =>
  new SimTeacher(rig.emu, { id, first_name: `Teacher${id}`, language_code });

/** What must not change when the bot refuses an input: the answers and the position. */
function snapshot(chatId: number) {
  return { answers: stored.answers(chatId), position: stored.position(chatId) };
}

describe("school links and consent", () => {
  it("stores the school of a known school link with the response", async () => {
    const t = teacher(3001);
    await t.begin("kk", "SCH01");
    expect(stored.respondent(t.chatId)).toMatchObject({ school_code: "SCH01", language: "kk" });
    await t.answerAll();
    expect(stored.respondent(t.chatId)).toMatchObject({
      school_code: "SCH01",
      stage: "completed",
      consented_at: expect.any(Number),
      completed_at: expect.any(Number),
    });
  });

  it("goes on without a school when the link's code is unknown", async () => {
    const t = teacher(3002);
    const q1 = await t.begin("kk", "NOPE99");
    expect(promptIdOf(q1)).toBe("q1");
    expect(stored.respondent(t.chatId).school_code).toBeNull();
  });

  it("stores only the refusal when the teacher declines", async () => {
    const t = teacher(3003, "ru");
    await t.command("/start");
    const consent = await t.pressAndNext("l:ru");
    expect(consent.text).toContain(ru("bot:consent.question"));
    const end = await t.pressAndNext("k:n");

    expect(end.text).toBe(ru("bot:end.declined"));
    expect(stored.respondent(t.chatId)).toMatchObject({
      stage: "declined",
      declined_at: expect.any(Number),
      consented_at: null,
      cursor: null,
    });
    expect(stored.count("answers")).toBe(0);
    const reply = await t.say("Привет");
    expect(reply.text).toBe(ru("bot:end.declined"));
    expect(stored.count("answers")).toBe(0);
  });
});

describe("question types", () => {
  it("asks for the text of 'Other' at q5 and q6 and stores it beside the answer", async () => {
    const t = teacher(3010);
    await t.begin("kk");
    await answerUntil(t, "q5");
    const ask5 = await t.answer("q5", { press: "other" });
    expect(promptIdOf(ask5)).toBe("q5_other");
    expect(ask5.text).toContain(kk("survey:q5.other"));
    const q6 = await t.answer("q5_other", { text: "  Педагог-шебер (аға)  " });
    expect(promptIdOf(q6)).toBe("q6");
    const ask6 = await t.answer("q6", { press: "other" });
    expect(ask6.text).toContain(kk("survey:q6.other"));
    await t.answer("q6_other", { text: "Екі жоғары білім" });

    expect(stored.answers(t.chatId)).toMatchObject({
      q5: "other",
      q5_other: "Педагог-шебер (аға)",
      q6: "other",
      q6_other: "Екі жоғары білім",
    });
  });

  it("asks about another matrix row, takes its text and rating, or lets it be skipped", async () => {
    const t = teacher(3011);
    await t.begin("kk");
    const has = await answerUntil(t, "q19_10_has");
    expect(has.text).toContain(kk("survey:q19.otherRow.ask"));
    const text = await t.answer("q19_10_has", { press: "yes" });
    expect(promptIdOf(text)).toBe("q19_10_text");
    const rating = await t.say("Интернет баяу");
    expect(promptIdOf(rating)).toBe("q19_10");
    expect(rating.text).toContain("Интернет баяу");
    await t.answer("q19_10", { press: "3" });
    const q21 = await answerUntil(t, "q21", (id) =>
      id === "q20_12_has" ? { press: "no" } : typicalAnswer(id),
    );

    expect(promptIdOf(q21)).toBe("q21");
    const answers = stored.answers(t.chatId);
    expect(answers).toMatchObject({
      q19_10_has: "yes",
      q19_10_text: "Интернет баяу",
      q19_10: "3",
      q20_12_has: "no",
    });
    expect(answers).not.toHaveProperty("q20_12_text");
    expect(answers).not.toHaveProperty("q20_12");
  });

  it("needs at least one tick at q7 before Done", async () => {
    const t = teacher(3012);
    await t.begin("kk");
    const q7 = await answerUntil(t, "q7");
    expect(await t.press("d:q7", q7)).toBe(kk("bot:notice.tick_at_least", { limit: 1 }));
    expect(stored.position(t.chatId).cursor).toBe("q7");

    const redrawn: string[] = [];
    for (const code of ["b", "e", "b"]) {
      const since = rig.emu.calls.length;
      await t.press(`t:q7:${code}`, q7);
      const edit = await rig.emu.waitFor((c) => c.method === "editMessageReplyMarkup", { since });
      redrawn.push(JSON.stringify(edit.params.reply_markup));
    }
    expect(redrawn[1]).toContain("☑ b");
    expect(redrawn[2]).toContain("☑ e");
    expect(redrawn[2]).toContain("☐ b");
    const q8 = await t.pressAndNext("d:q7", q7);
    expect(promptIdOf(q8)).toBe("q8");
    expect(stored.answers(t.chatId).q7).toBe("e");
  });

  it("states the length limit of q17 when an answer exceeds it", async () => {
    const t = teacher(3013);
    await t.begin("kk");
    await answerUntil(t, "q17");
    const notice = await t.say("ә".repeat(1001));
    expect(notice.text).toBe(kk("bot:notice.text_too_long", { limit: 1000 }));
    expect(notice.text).toContain("1000");
    expect(promptIdOf(await t.next())).toBe("q17");
    expect(stored.answers(t.chatId)).not.toHaveProperty("q17");

    const q18 = await t.say("ә".repeat(1000));
    expect(promptIdOf(q18)).toBe("q18");
    expect(stored.answers(t.chatId).q17).toHaveLength(1000);
  });

  it("shows where the teacher is: 'Question 8 of 22' and 'row 3 of 10'", async () => {
    const t = teacher(3014, "ru");
    await t.begin("ru");
    const q8 = await answerUntil(t, "q8");
    expect(q8.text).toContain("Вопрос 8 из 22");
    const row3 = await answerUntil(t, "q19_3");
    expect(row3.text).toContain("Вопрос 19 из 22");
    expect(row3.text).toContain("Строка 3 из 10");
    expect(row3.text).toContain(ru("survey:q19.rows.3"));
  });
});

describe("Back and changed answers", () => {
  it("goes back, shows the stored answer, and takes a changed one", async () => {
    const t = teacher(3020);
    await t.begin("kk");
    await answerUntil(t, "q10");
    const q9 = await t.pressAndNext("b:q10");
    expect(promptIdOf(q9)).toBe("q9");
    expect(JSON.stringify(q9.reply_markup)).toContain(`✓ ${kk("survey:q9.options.3")}`);
    const q10 = await t.answer("q9", { press: "1" });
    expect(promptIdOf(q10)).toBe("q10");
    expect(stored.answers(t.chatId).q9).toBe("1");
    expect(await t.press("b:q1", rig.emu.botMessages(t.chatId)[2])).toBe(
      kk("bot:notice.stale_button"),
    );
  });

  it("drops the text of 'Other' when q5 is changed to a listed option", async () => {
    const t = teacher(3021);
    await t.begin("kk");
    await answerUntil(t, "q5");
    await t.answer("q5", { press: "other" });
    await t.answer("q5_other", { text: "Басқа санат" });
    const back1 = await t.pressAndNext("b:q6");
    expect(promptIdOf(back1)).toBe("q5_other");
    expect(back1.text).toContain(kk("bot:prompt.current", { answer: "Басқа санат" }));
    const q5 = await t.pressAndNext("b:q5_other");
    expect(promptIdOf(q5)).toBe("q5");
    const q6 = await t.answer("q5", { press: "expert" });

    expect(promptIdOf(q6)).toBe("q6");
    const answers = stored.answers(t.chatId);
    expect(answers.q5).toBe("expert");
    expect(answers).not.toHaveProperty("q5_other");
  });

  it("drops the q22 rows when q21 is changed from yes to no", async () => {
    const t = teacher(3022);
    await t.begin("kk");
    await answerUntil(t, "q22_3");
    expect(stored.answers(t.chatId)).toMatchObject({ q21: "yes", q22_1: "4", q22_2: "4" });
    for (const from of ["q22_3", "q22_2", "q22_1"]) await t.pressAndNext(`b:${from}`);
    expect(stored.position(t.chatId).cursor).toBe("q21");
    const end = await t.answer("q21", { press: "no" });

    expect(end.text).toBe(kk("bot:end.completed"));
    const answers = stored.answers(t.chatId);
    expect(answers.q21).toBe("no");
    expect(Object.keys(answers).filter((v) => v.startsWith("q22"))).toEqual([]);
    expect(Object.keys(answers)).toHaveLength(41);
    expect(stored.position(t.chatId).stage).toBe("completed");
  });
});

describe("language, returning and completed teachers", () => {
  it("switches language mid-survey and shows the current prompt again in it", async () => {
    const t = teacher(3030);
    await t.begin("kk");
    await answerUntil(t, "q3");
    const choice = await t.command("/language");
    expect(choice.text).toBe(kk("bot:language.choose"));
    const q3 = await t.pressAndNext("l:ru", choice);

    expect(promptIdOf(q3)).toBe("q3");
    expect(q3.text).toContain(ru("survey:q3.text"));
    expect(q3.text).toContain("Вопрос 3 из 22");
    expect(rig.emu.callbackAnswer(lastQueryId())?.text).toBe(ru("bot:notice.language_changed"));
    expect(stored.respondent(t.chatId)).toMatchObject({ language: "ru", cursor: "q3" });
    const reply = await t.say("текст");
    expect(reply.text).toBe(ru("bot:notice.use_buttons"));
  });

  it("continues where a returning teacher stopped, whatever they write", async () => {
    const t = teacher(3031);
    await t.begin("kk");
    await answerUntil(t, "q9");
    const before = snapshot(t.chatId);
    const notice = await t.say("Сәлеметсіз бе");
    const again = await t.next();
    expect(notice.text).toBe(kk("bot:notice.use_buttons"));
    expect(promptIdOf(again)).toBe("q9");
    expect(snapshot(t.chatId)).toEqual(before);
    expect(stored.count("respondents")).toBe(1);
  });

  it("tells a completed teacher the survey is done and changes nothing", async () => {
    const t = teacher(3032);
    await t.begin("kk");
    await t.answerAll();
    const before = { ...snapshot(t.chatId), completed: stored.respondent(t.chatId).completed_at };

    expect((await t.say("Тағы бір рет")).text).toBe(kk("bot:end.already_completed"));
    expect((await t.command("/start")).text).toBe(kk("bot:end.already_completed"));
    expect(await t.press("a:q22_6:1", rig.emu.botMessages(t.chatId).at(-2))).toBeUndefined();
    expect({ ...snapshot(t.chatId), completed: stored.respondent(t.chatId).completed_at }).toEqual(
      before,
    );
    expect(stored.count("respondents")).toBe(1);
  });
});

function lastQueryId(): string {
  const call = rig.emu.callsTo("answerCallbackQuery").at(-1);
  return String(call?.params.callback_query_id ?? "");
}
