/**
 * Guarantees 4 and 6: /my_data shows a teacher their own stored answers, with the questions'
 * words, in their language, split within Telegram's limit; never another teacher's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Translate } from "../../src/i18n.js";
import { person, repliesUntil, translators } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import type { ChatMessage } from "../support/bot-api-emulator.js";
import { type SimTeacher, typicalAnswer } from "../support/teacher.js";

let rig: LoggedRig;
let t: { kk: Translate; ru: Translate };
beforeAll(async () => {
  rig = await startLoggedRig();
  t = await translators();
});
afterAll(() => rig.close());

const LONG_KK = `Ұзақ жауап ${"әдістемелік қолдау ".repeat(55)}`.slice(0, 1000);
const LONG_RU = `Длинный ответ ${"методическая поддержка ".repeat(50)}`.slice(0, 1000);

const isFooter = (language: "kk" | "ru") => (message: ChatMessage) =>
  message.text?.includes(t[language]("privacy:my_data.footer")) ?? false;

async function myData(teacher: SimTeacher, language: "kk" | "ru"): Promise<string[]> {
  const replies = await repliesUntil(teacher, "/my_data", isFooter(language));
  return replies.map((message) => message.text ?? "");
}

describe("/my_data", () => {
  let aigul: SimTeacher;
  let ivan: SimTeacher;

  beforeAll(async () => {
    aigul = person(rig.emu, 7_340_001_001, "kk");
    await aigul.begin("kk");
    await aigul.answerAll((id) =>
      id === "q17" ? { text: LONG_KK } : id === "q18" ? { text: LONG_KK } : typicalAnswer(id),
    );
    ivan = person(rig.emu, 7_340_001_002, "ru");
    await ivan.begin("ru");
    await ivan.answer("q1", { press: "male" });
    await ivan.answer("q2", { press: "physics" });
    await ivan.answer("q3", { press: "ile" });
    await ivan.answer("q4", { text: "31" });
  });

  it("shows every stored answer of a finished survey, labelled, in Kazakh, in several messages", async () => {
    const messages = await myData(aigul, "kk");
    expect(messages.length).toBeGreaterThan(1);
    for (const text of messages) expect(text.length).toBeLessThanOrEqual(4096);
    const all = messages.join("\n");

    const db = rig.readDb();
    const { id } = db
      .prepare(
        "SELECT id FROM respondents r JOIN contacts c ON c.respondent_id = r.id WHERE c.address = ?",
      )
      .get(String(aigul.chatId)) as { id: string };
    const stored = db
      .prepare("SELECT COUNT(*) AS n FROM answers WHERE respondent_id = ?")
      .get(id) as { n: number };
    db.close();
    expect(all).toContain(id);
    expect(stored.n).toBe(47);
    // Every question's words, and each answer as the teacher chose it.
    for (let n = 1; n <= 22; n += 1) expect(all).toContain(t.kk(`survey:q${n}.text`));
    expect(all).toContain(`• ${t.kk("survey:q1.options.female")}`);
    expect(all).toContain(`${t.kk("survey:q19.rows.3")} — ${t.kk("survey:q19.columns.2")}`);
    expect(all).toContain(`a) ${t.kk("survey:q7.options.a")}`);
    expect(all).toContain(LONG_KK.slice(0, 200));
    expect(all).toContain(t.kk("privacy:my_data.stages.completed"));
  });

  it("shows an unfinished survey in Russian, and nothing of the other teacher", async () => {
    const messages = await myData(ivan, "ru");
    const all = messages.join("\n");
    expect(all).toContain(t.ru("survey:q1.options.male"));
    expect(all).toContain("31 год");
    expect(all).toContain(t.ru("privacy:my_data.stages.answering"));
    expect(all).not.toContain(t.ru("survey:q5.text"));
    expect(all).not.toContain(LONG_KK.slice(0, 40));

    const kazakh = (await myData(aigul, "kk")).join("\n");
    expect(kazakh).not.toContain("31 жыл");
    expect(kazakh).not.toContain(t.kk("survey:q2.options.physics"));
  });

  it("answers a person the bot holds nothing about, and stores nothing for asking", async () => {
    const stranger = person(rig.emu, 7_340_001_003, "ru");
    const reply = await stranger.command("/my_data");
    expect(reply.text).toBe(t.ru("privacy:my_data.nothing"));
    const db = rig.readDb();
    const found = db
      .prepare("SELECT COUNT(*) AS n FROM contacts WHERE address = ?")
      .get(String(stranger.chatId)) as { n: number };
    db.close();
    expect(found.n).toBe(0);
  });

  it("splits a teacher's long answers within the limit", async () => {
    const chatter = person(rig.emu, 7_340_001_004, "ru");
    await chatter.begin("ru");
    await chatter.answerAll((id) =>
      id === "q17" || id === "q18" ? { text: LONG_RU } : typicalAnswer(id),
    );
    const messages = await myData(chatter, "ru");
    for (const text of messages) expect(text.length).toBeLessThanOrEqual(4096);
    expect(messages.join("\n").split(LONG_RU).length - 1).toBe(2);
  });
});
