/**
 * Automatic reminders with a clock the test sets: who is due after N hours without an
 * answer, at most M times, and nothing during quiet hours in Almaty.
 */
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type AutoReminders,
  createAutoReminders,
  selectStalled,
} from "../../src/reminders/auto-reminders.js";
import type { SendQueue } from "../../src/reminders/send-queue.js";
import { seedTeachers, sendsPerChat } from "./helpers.js";
import { type QueueFixture, queueFixture } from "./queue-fixture.js";

const HOUR = 60 * 60 * 1000;
/** 12:00 in Almaty (UTC+5) on 15 January 2025. */
const NOON = Date.UTC(2025, 0, 15, 7, 0);

let fx: QueueFixture;
let queue: SendQueue;
let auto: AutoReminders;
beforeEach(async () => {
  fx = await queueFixture();
  fx.clock.now = NOON;
  queue = fx.newQueue({ mayRun: (job) => job.kind === "manual" || auto.mayRun() });
  auto = createAutoReminders({
    database: fx.database,
    jobs: fx.jobs,
    queue,
    channel: "telegram",
    clock: () => fx.clock.now,
    logger: pino({ level: "silent" }),
    settings: {
      afterHours: 4,
      maxPerTeacher: 2,
      quietHours: { from: 21 * 60, to: 9 * 60 },
      cron: "*/15 * * * *",
    },
  });
  seedTeachers(fx.database.sqlite, [
    { respondentId: "S1", chatId: 1, lastActivityAt: NOON - 5 * HOUR },
    { respondentId: "S2", chatId: 2, lastActivityAt: NOON - 1 * HOUR },
    { respondentId: "S3", chatId: 3, lastActivityAt: NOON - 5 * HOUR, stage: "completed" },
    { respondentId: "S4", chatId: 4, lastActivityAt: NOON - 5 * HOUR, optedOut: true },
    { respondentId: "S5", chatId: 5, lastActivityAt: NOON - 5 * HOUR, tester: true },
    { respondentId: "S6", chatId: 6, lastActivityAt: NOON - 5 * HOUR, stage: "consent" },
  ]);
});
afterEach(async () => {
  await fx.close();
});

const chats = new Set([1, 2, 3, 4, 5, 6]);
const remindedChats = () =>
  [...sendsPerChat(fx.emu, chats).entries()].map(([chat, calls]) => [chat, calls.length]);

/** One scheduled look at `at`; waits for the job it queued, if any. */
async function checkAt(at: number): Promise<number | undefined> {
  fx.clock.now = at;
  const jobId = auto.check();
  if (jobId !== undefined) await queue.run(jobId);
  return jobId;
}

describe("automatic reminders", () => {
  it("remind those in progress without an answer for N hours, and nobody else", async () => {
    expect(
      selectStalled(fx.database, {
        channel: "telegram",
        afterHours: 4,
        maxPerTeacher: 2,
        now: NOON,
      }),
    ).toEqual([{ respondentId: "S1", language: "kk" }]);
    const jobId = await checkAt(NOON);
    expect(fx.jobs.job(jobId ?? -1)).toMatchObject({
      kind: "auto",
      status: "done",
      createdBy: "auto",
    });
    expect(remindedChats()).toEqual([[1, 1]]);
    expect(fx.emu.lastBotMessage(1)?.text).toContain("тоқтаған жерден жалғастыра аласыз");
    const audit = fx.database.sqlite.prepare("SELECT actor, action FROM audit_log").all();
    expect(audit).toEqual([{ actor: "auto", action: "reminder.start" }]);
  });

  it("wait N hours after a reminder too, and stop after M reminders", async () => {
    await checkAt(NOON);
    expect(await checkAt(NOON + 1 * HOUR)).toBeUndefined();
    // 17:00: S1's second, and S2's first (quiet since 11:00).
    expect(await checkAt(NOON + 5 * HOUR)).toBeDefined();
    expect(remindedChats()).toEqual([
      [1, 2],
      [2, 1],
    ]);
    // Next morning, 10:00 in Almaty: S1 had the most (two); S2 gets its second.
    expect(await checkAt(NOON + 22 * HOUR)).toBeDefined();
    expect(await checkAt(NOON + 27 * HOUR)).toBeUndefined();
    expect(remindedChats()).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it("start again after an answer: the N hours count from the last activity", async () => {
    fx.database.sqlite.prepare("UPDATE respondents SET stage = 'completed' WHERE id = 'S2'").run();
    await checkAt(NOON);
    fx.database.sqlite
      .prepare("UPDATE respondents SET last_activity_at = ? WHERE id = 'S1'")
      .run(NOON + 5 * HOUR);
    expect(await checkAt(NOON + 6 * HOUR)).toBeUndefined();
    expect(await checkAt(NOON + 19 * HOUR)).toBeUndefined();
    expect(await checkAt(NOON + 21 * HOUR + HOUR)).toBeDefined();
  });

  it("never send in quiet hours: a job waiting at 21:00 goes on after 09:00", async () => {
    expect(await checkAt(NOON + 9.5 * HOUR)).toBeUndefined();
    expect(await checkAt(NOON + 15 * HOUR)).toBeUndefined();
    expect(remindedChats()).toEqual([]);

    // A job queued at 20:59 and run at 21:00 waits; the first look after 09:00 resumes it.
    fx.clock.now = NOON + 8 * HOUR + 59 * 60 * 1000;
    const jobId = auto.check();
    fx.clock.now = NOON + 9 * HOUR;
    if (jobId === undefined) throw new Error("no job queued");
    await queue.run(jobId);
    expect(fx.jobs.job(jobId)?.status).toBe("running");
    expect(remindedChats()).toEqual([]);

    expect(await checkAt(NOON + 21 * HOUR)).toBeUndefined();
    await queue.run(jobId);
    expect(fx.jobs.job(jobId)?.status).toBe("done");
    expect(remindedChats()).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });
});
