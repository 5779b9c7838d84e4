import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startRig, type TestRig } from "../support/in-process-bot.js";
import { SimTeacher, typicalAnswer } from "../support/teacher.js";

let rig: TestRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

const teacher = (id: number, language_code = "kk") =>
  new SimTeacher(rig.emu, {
    id,
    first_name: `Teacher${id}`,
    username: `teacher${id}`,
    language_code,
  });

describe("a teacher takes the whole survey over the Bot API", () => {
  it("completes it in Kazakh with 47 prompts and every answer stored", async () => {
    const aigul = teacher(1001);
    const first = await aigul.begin("kk");
    expect(first.text).toContain("Сұрақ 1 / 22");
    const seen = await aigul.answerAll();
    expect(seen).toHaveLength(47);
    expect(aigul.latest().text).toContain("рақмет");

    const db = rig.readDb();
    const respondent = db.prepare("select * from respondents").get() as Record<string, unknown>;
    expect(respondent).toMatchObject({ stage: "completed", language: "kk" });
    expect(respondent.completed_at).toEqual(expect.any(Number));
    const rows = db.prepare("select variable, value from answers").all() as {
      variable: string;
      value: string | null;
    }[];
    expect(rows).toHaveLength(47);
    expect(Object.fromEntries(rows.map((r) => [r.variable, r.value]))).toMatchObject({
      q1: "female",
      q4: "12",
      q7: "a,c",
      q17: "Көбірек практикалық сабақ",
      q18: null,
      q19_10_has: "no",
      q21: "yes",
      q22_6: "4",
    });
    db.close();
  });

  it("completes it in Russian, and 'no' at q21 ends it after 41 prompts", async () => {
    const ivan = teacher(1002, "ru");
    const first = await ivan.begin("ru");
    expect(first.text).toContain("Вопрос 1 из 22");
    const seen = await ivan.answerAll((id) => (id === "q21" ? { press: "no" } : typicalAnswer(id)));
    expect(seen).toHaveLength(41);
    expect(seen.at(-1)).toBe("q21");
    expect(ivan.latest().text).toContain("спасибо");
  });

  it("turns each answered prompt into a record without buttons", async () => {
    const t = teacher(1003);
    const q1 = await t.begin("kk");
    await t.answer("q1", { press: "male" });
    const edited = rig.emu.botMessages(t.chatId).find((m) => m.message_id === q1.message_id);
    expect(edited?.text).toContain("✔ Ер");
    expect(edited?.reply_markup).toBeUndefined();
  });
});
