/**
 * What a teacher does again when the bot stopped under them, and what it must not do to their
 * answers (guarantee 1, case by case; the crash trial found each of these): a tick pressed
 * again stays a tick, a text sent twice answers once, and a prompt that never reached them is
 * shown before anything is taken as its answer.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Translate } from "../../src/i18n.js";
import { translators } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import { settle } from "../privacy/staff-crawl.js";
import { answerUntil } from "../support/journey.js";
import { SimTeacher } from "../support/teacher.js";

let rig: LoggedRig;
let t: { kk: Translate; ru: Translate };
let teacher: SimTeacher;
beforeEach(async () => {
  rig = await startLoggedRig();
  t = await translators();
  teacher = new SimTeacher(rig.emu, { id: 7_340_010_001, language_code: "kk" });
  await teacher.begin("kk");
});
afterEach(() => rig.close());

function stored(): Record<string, string | null> {
  const db = rig.readDb();
  try {
    const rows = db.prepare("SELECT variable, value FROM answers").all() as {
      variable: string;
      value: string | null;
    }[];
    return Object.fromEntries(rows.map((row) => [row.variable, row.value]));
  } finally {
    db.close();
  }
}

describe("a teacher acting again", () => {
  it("ticks a box twice (the first press seemed lost): it stays ticked", async () => {
    const q7 = await answerUntil(teacher, "q7");
    const tick = JSON.stringify(q7.reply_markup).match(/"(t:q7:a[^"]*)"/)?.[1] ?? "";
    rig.emu.pressButton(teacher.user, q7, tick);
    rig.emu.pressButton(teacher.user, q7, tick);
    await settle(teacher, t.kk);
    await teacher.press("d:q7", q7);
    await settle(teacher, t.kk);
    expect(stored().q7).toBe("a");
  });

  it("sends a text twice before the next prompt came: it answers once", async () => {
    await answerUntil(teacher, "q17");
    rig.emu.sendText(teacher.user, "Бірінші жауап");
    rig.emu.sendText(teacher.user, "Бірінші жауап");
    await settle(teacher, t.kk);
    const answers = stored();
    expect(answers.q17).toBe("Бірінші жауап");
    expect(answers).not.toHaveProperty("q18");
  });

  it("gets the prompt that never reached them before anything counts as its answer", async () => {
    await answerUntil(teacher, "q17");
    await teacher.say("Бірінші жауап");
    await settle(teacher, t.kk);
    // As if the bot died after storing q17 and before recording that q18 was shown.
    rig.app.database.sqlite
      .prepare("UPDATE contacts SET shown = 'q17' WHERE address = ?")
      .run(String(teacher.chatId));
    const since = rig.emu.calls.length;
    rig.emu.sendText(teacher.user, "Бірінші жауап");
    await settle(teacher, t.kk);
    expect(stored()).not.toHaveProperty("q18");
    const shown = rig.emu.calls
      .slice(since)
      .filter((call) => call.method === "sendMessage")
      .map((call) => String(call.params.text));
    expect(shown.some((text) => text.includes(t.kk("survey:q18.text")))).toBe(true);

    // The same for a press on an older prompt's button: the missing prompt comes.
    rig.app.database.sqlite
      .prepare("UPDATE contacts SET shown = 'q17' WHERE address = ?")
      .run(String(teacher.chatId));
    const again = rig.emu.calls.length;
    await teacher.press("a:q16:2", teacher.latest());
    await settle(teacher, t.kk);
    const resent = rig.emu.calls
      .slice(again)
      .filter((call) => call.method === "sendMessage")
      .map((call) => String(call.params.text));
    expect(resent.some((text) => text.includes(t.kk("survey:q18.text")))).toBe(true);
  });
});
