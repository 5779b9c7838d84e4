/**
 * Automatic reminders in the running bot: the croner schedule (every second here) finds a
 * teacher stalled for longer than AUTO_REMIND_AFTER_HOURS and reminds them once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { clockTime, minutesOfDay } from "../../src/reminders/quiet-hours.js";
import { seedTeachers } from "../reminders/helpers.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";

const HOUR = 60 * 60 * 1000;

let rig: TestRig;
afterEach(async () => {
  await rig.close();
});

/** Quiet hours that do not include the present moment in Almaty, whenever the test runs. */
function quietHoursAwayFromNow(): string {
  const hour = Math.floor(minutesOfDay(Date.now()) / 60);
  return `${clockTime(((hour + 2) % 24) * 60)}-${clockTime(((hour + 3) % 24) * 60)}`;
}

describe("automatic reminders in the running bot", () => {
  it("remind a teacher stalled for longer than the configured hours", async () => {
    rig = await startRig({
      AUTO_REMIND_AFTER_HOURS: "4",
      AUTO_REMIND_MAX: "1",
      AUTO_REMIND_CRON: "* * * * * *",
      QUIET_HOURS: quietHoursAwayFromNow(),
    });
    seedTeachers(rig.app.database.sqlite, [
      {
        respondentId: "RSTALL",
        chatId: 4001,
        language: "ru",
        lastActivityAt: Date.now() - 5 * HOUR,
      },
      { respondentId: "RBUSY", chatId: 4002, lastActivityAt: Date.now() - HOUR },
    ]);

    const reminder = await rig.emu.nextBotMessage(4001, { timeoutMs: 10_000 });
    expect(reminder.text).toContain("можно продолжить с того места");
    const db = rig.readDb();
    expect(db.prepare("SELECT kind, created_by FROM reminder_jobs").all()).toEqual([
      { kind: "auto", created_by: "auto" },
    ]);
    expect(db.prepare("SELECT respondent_id FROM reminder_recipients").all()).toEqual([
      { respondent_id: "RSTALL" },
    ]);
    db.close();
    expect(rig.emu.botMessages(4002)).toEqual([]);
  });
});
