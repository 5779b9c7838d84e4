/**
 * A coordinator reminds 2,000 teachers through /remind, over the Bot API emulator with a
 * flood limit: everyone reachable gets exactly one reminder, blocked teachers are marked,
 * testers and those who opted out get nothing, and the progress ends in a summary.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  manyTeachers,
  maxInWindow,
  meanRate,
  remindThroughDialog,
  seedTeachers,
  sendsPerChat,
} from "../reminders/helpers.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";

const COORDINATOR = { id: 900, first_name: "Coordinator", language_code: "ru" };
const CAP = 200;
const EMULATOR_CAP = 250;
const FIRST_CHAT = 10_000;

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("a reminder to 2,000 teachers in progress", () => {
  it("reaches every reachable teacher exactly once, under the cap, and marks the blocked", async () => {
    const teachers = manyTeachers(2000, FIRST_CHAT);
    const blocked = teachers.filter((_, i) => i % 100 === 7).map((t) => t.chatId);
    rig = await startRig(
      { COORDINATOR_IDS: String(COORDINATOR.id), REMINDER_RATE_PER_SECOND: String(CAP) },
      { rateLimit: { perSecond: EMULATOR_CAP }, blockedChats: blocked },
    );
    const outsiders = [
      { respondentId: "RX-tester", chatId: 1, tester: true },
      { respondentId: "RX-optout", chatId: 2, optedOut: true },
      { respondentId: "RX-blocked-before", chatId: 3, unreachable: true },
      { respondentId: "RX-done", chatId: 4, stage: "completed" as const },
      { respondentId: "RX-declined", chatId: 5, stage: "declined" as const },
    ];
    seedTeachers(rig.app.database.sqlite, [...teachers, ...outsiders]);

    const { previews, confirm, progress } = await remindThroughDialog(rig.emu, COORDINATOR, {
      segment: "ip",
    });
    expect(previews[0]?.text).toContain("Сауалнаманы жалғастыру");
    expect(previews[1]?.text).toContain("Продолжить опрос");
    expect(confirm.text).toContain("Получателей: 2000");
    expect(progress.text).toContain("Осталось");
    const summary = await rig.emu.nextBotMessage(COORDINATOR.id, { timeoutMs: 60_000 });
    expect(summary.text).toContain(`отправлено: ${2000 - blocked.length} из 2000`);

    // Exactly one reminder per teacher: one successful send, or one 403 for the blocked.
    const chats = new Set([...teachers, ...outsiders].map((t) => t.chatId));
    const per = sendsPerChat(rig.emu, chats);
    for (const teacher of teachers) {
      const calls = per.get(teacher.chatId) ?? [];
      expect(calls, `chat ${teacher.chatId}`).toHaveLength(1);
      const ok = calls[0]?.response.ok;
      expect(ok).toBe(!blocked.includes(teacher.chatId));
    }
    for (const outsider of outsiders) expect(per.get(outsider.chatId)).toBeUndefined();

    // In the teacher's language, with both buttons.
    const kk = rig.emu.lastBotMessage(FIRST_CHAT);
    const ru = rig.emu.lastBotMessage(FIRST_CHAT + 1);
    expect(kk?.text).toContain("Құрметті әріптес");
    expect(ru?.text).toContain("Уважаемый коллега");
    const rows = (kk?.reply_markup as { inline_keyboard?: { callback_data: string }[][] })
      ?.inline_keyboard;
    const data = (rows ?? []).flat().map((b) => b.callback_data);
    expect(data).toEqual(["r:c", "r:stop"]);

    // The pace: no 429 at all, and never more than the cap in any second.
    const teacherCalls = [...per.values()].flat();
    expect(teacherCalls.filter((c) => !c.response.ok && c.response.error_code === 429)).toEqual([]);
    const times = teacherCalls.map((c) => c.at);
    expect(maxInWindow(times)).toBeLessThanOrEqual(EMULATOR_CAP);
    expect(meanRate(times)).toBeLessThanOrEqual(CAP * 1.02);

    // The blocked are marked unreachable; the job's rows say what happened to each.
    const db = rig.readDb();
    const unreachable = db
      .prepare(
        "SELECT address FROM contacts WHERE unreachable = 1 ORDER BY CAST(address AS INTEGER)",
      )
      .all()
      .map((row) => Number((row as { address: string }).address));
    expect(unreachable).toEqual([3, ...blocked]);
    const statuses = db
      .prepare("SELECT status, count(*) AS n FROM reminder_recipients GROUP BY status")
      .all();
    expect(statuses).toEqual(
      expect.arrayContaining([
        { status: "sent", n: 2000 - blocked.length },
        { status: "unreachable", n: blocked.length },
      ]),
    );
    expect(statuses).toHaveLength(2);
    const job = db.prepare("SELECT status, created_by FROM reminder_jobs").get();
    expect(job).toEqual({ status: "done", created_by: String(COORDINATOR.id) });
    const audit = db.prepare("SELECT action FROM audit_log ORDER BY id").all();
    expect(audit).toEqual([{ action: "reminder.start" }, { action: "reminder.done" }]);
    db.close();

    // The progress message was edited while the job ran, and ends without its Cancel button.
    const progressNow = rig.emu
      .botMessages(COORDINATOR.id)
      .find((m) => m.message_id === progress.message_id);
    expect(progressNow?.edits.length).toBeGreaterThan(1);
    expect(progressNow?.text).toContain("Завершено.");
    expect(progressNow?.reply_markup).toBeUndefined();
  }, 120_000);
});
