/**
 * Guarantee 2: an update delivered twice (Telegram redelivers after a restart) changes nothing
 * the second time; one chat's updates are handled in the order they came, while different
 * chats are handled at the same time.
 */
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { translators } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import { settle } from "../privacy/staff-crawl.js";
import { SimTeacher } from "../support/teacher.js";

let rig: LoggedRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** What a teacher's rows hold, to compare before and after. */
function snapshot(r: LoggedRig, chatId: number) {
  const db = r.readDb();
  try {
    const contact = db.prepare("SELECT * FROM contacts WHERE address = ?").get(String(chatId)) as {
      respondent_id: string;
    };
    return {
      contact,
      respondent: db.prepare("SELECT * FROM respondents WHERE id = ?").get(contact.respondent_id),
      answers: db
        .prepare("SELECT * FROM answers WHERE respondent_id = ? ORDER BY variable")
        .all(contact.respondent_id),
    };
  } finally {
    db.close();
  }
}

describe("a redelivered update", () => {
  it("changes nothing and sends nothing the second time", async () => {
    const r = await startLoggedRig();
    rig = r;
    const t = await translators();
    const teacher = new SimTeacher(r.emu, { id: 7_340_008_001, language_code: "kk" });
    const updates: Update[] = [];
    const step = async (send: () => Update) => {
      updates.push(send());
      await teacher.next();
    };
    await step(() => r.emu.sendCommand(teacher.user, "/start"));
    await step(() => r.emu.pressButton(teacher.user, teacher.latest(), "l:kk"));
    await step(() => r.emu.pressButton(teacher.user, teacher.latest(), "k:y"));
    await step(() => r.emu.pressButton(teacher.user, teacher.latest(), "a:q1:female"));
    await step(() => r.emu.pressButton(teacher.user, teacher.latest(), "a:q2:maths"));
    await step(() => r.emu.pressButton(teacher.user, teacher.latest(), "a:q3:ile"));
    await step(() => r.emu.sendText(teacher.user, "14"));
    await step(() => r.emu.pressButton(teacher.user, teacher.latest(), "b:q5"));
    await step(() => r.emu.sendText(teacher.user, "15"));
    await settle(teacher, t.kk);
    const before = snapshot(r, teacher.chatId);
    expect(before.answers).toHaveLength(4);

    const since = r.emu.calls.length;
    for (const update of updates) r.emu.redeliver(update.update_id);
    await settle(teacher, t.kk);
    expect(snapshot(r, teacher.chatId)).toEqual(before);
    const changes = r.emu.calls
      .slice(since)
      .filter((call) => call.params.chat_id === teacher.chatId && /^(send|edit)/.test(call.method));
    // Only the closing /my_data was answered.
    expect(changes.every((call) => call.method === "sendMessage")).toBe(true);
    expect(changes.map((call) => String(call.params.text)).join("\n")).toContain(
      t.kk("privacy:my_data.footer"),
    );
    expect(changes.some((call) => String(call.params.text).startsWith("Сұрақ"))).toBe(false);
  });
});

describe("the order of updates", () => {
  it("is kept within a chat: a burst of answers is applied one after the other", async () => {
    const r = await startLoggedRig();
    rig = r;
    const t = await translators();
    const teacher = new SimTeacher(r.emu, { id: 7_340_008_002, language_code: "ru" });
    await teacher.begin("ru");
    // Sent at once, before any reply: each names the prompt that only its predecessor reveals.
    const burst = (data: string[]) => {
      const shown = teacher.latest();
      for (const value of data) r.emu.pressButton(teacher.user, shown, value, { unchecked: true });
    };
    burst(["a:q1:male", "a:q2:biology", "a:q3:karasay"]);
    await settle(teacher, t.ru);
    await teacher.say("9");
    const scales = ["a:q8:2", "a:q9:3", "a:q10:4", "a:q11:1", "a:q12:2", "a:q13:3", "a:q14:5"];
    burst(["a:q5:master", "a:q6:bachelor", "t:q7:b:1", "t:q7:d:1", "d:q7", ...scales]);
    await settle(teacher, t.ru);
    const { answers, respondent } = snapshot(r, teacher.chatId);
    const stored = Object.fromEntries(
      (answers as { variable: string; value: string }[]).map((a) => [a.variable, a.value]),
    );
    expect(stored).toEqual({
      q1: "male",
      q2: "biology",
      q3: "karasay",
      q4: "9",
      q5: "master",
      q6: "bachelor",
      q7: "b,d",
      q8: "2",
      q9: "3",
      q10: "4",
      q11: "1",
      q12: "2",
      q13: "3",
      q14: "5",
    });
    expect(respondent).toMatchObject({ cursor: "q15" });
  });

  it("does not hold one chat back behind another", async () => {
    // One message per second per chat: a second send to the same chat waits for its 429.
    const r = await startLoggedRig({}, { perChatPerSecond: 1 });
    rig = r;
    const t = await translators();
    const slow = new SimTeacher(r.emu, { id: 7_340_008_003, language_code: "kk" });
    const quick = new SimTeacher(r.emu, { id: 7_340_008_004, language_code: "kk" });
    await slow.command("/start");

    // Choosing the language edits the pressed message and sends the consent: Telegram asks
    // the bot to wait (429) before each, so this chat's update takes seconds.
    r.emu.pressButton(slow.user, slow.latest(), "l:kk");
    await r.emu.waitFor((call) => call.params.chat_id === slow.chatId && !call.response.ok);
    r.emu.sendCommand(quick.user, "/start");
    const consent = t.kk("bot:consent.question");
    const [quickReply, slowReply] = await Promise.all([
      r.emu.waitFor(
        (call) => call.method === "sendMessage" && call.params.chat_id === quick.chatId,
      ),
      r.emu.waitFor(
        (call) =>
          call.method === "sendMessage" &&
          call.response.ok &&
          String(call.params.text).includes(consent),
        { timeoutMs: 10_000 },
      ),
    ]);
    expect(quickReply.seq).toBeLessThan(slowReply.seq);
  });
});
