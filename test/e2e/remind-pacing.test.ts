/**
 * The pace of a reminder job against the emulator's flood limit: configured under the limit,
 * no 429 ever comes; configured over it, every 429 is waited out for its retry_after and the
 * job still reaches everyone once. And a coordinator can cancel a job while it runs.
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
import { isBotMessage } from "../support/bot-api-emulator.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";

const COORDINATOR = { id: 900, first_name: "Coordinator", language_code: "ru" };

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function remindMany(
  n: number,
  perSecond: number,
  emulatorCap?: number,
): Promise<{ rig: TestRig; chats: Set<number>; progressId: number }> {
  const started = await startRig(
    { COORDINATOR_IDS: String(COORDINATOR.id), REMINDER_RATE_PER_SECOND: String(perSecond) },
    emulatorCap ? { rateLimit: { perSecond: emulatorCap } } : {},
  );
  rig = started;
  const teachers = manyTeachers(n, 50_000);
  seedTeachers(started.app.database.sqlite, teachers);
  const { progress } = await remindThroughDialog(started.emu, COORDINATOR, { segment: "ip" });
  return {
    rig: started,
    chats: new Set(teachers.map((t) => t.chatId)),
    progressId: progress.message_id,
  };
}

describe("the pace of a reminder job", () => {
  it("stays under Telegram's limit when configured under it: no 429 at all", async () => {
    const { rig, chats } = await remindMany(150, 25, 30);
    await rig.emu.nextBotMessage(COORDINATOR.id, { timeoutMs: 30_000 });

    const calls = [...sendsPerChat(rig.emu, chats).values()].flat();
    expect(calls).toHaveLength(150);
    expect(calls.every((c) => c.response.ok)).toBe(true);
    const everyCall = rig.emu.calls.filter((c) => typeof c.params.chat_id === "number");
    expect(everyCall.filter((c) => !c.response.ok)).toEqual([]);
    const times = calls.map((c) => c.at);
    expect(maxInWindow(times)).toBeLessThanOrEqual(30);
    expect(meanRate(times)).toBeLessThanOrEqual(25 * 1.02);
  }, 60_000);

  it("waits out each 429 for its retry_after and still reaches everyone once", async () => {
    const { rig, chats } = await remindMany(30, 20, 8);
    const summary = await rig.emu.nextBotMessage(COORDINATOR.id, { timeoutMs: 60_000 });
    expect(summary.text).toContain("отправлено: 30 из 30");

    const per = sendsPerChat(rig.emu, chats);
    let refused = 0;
    for (const calls of per.values()) {
      expect(calls.filter((c) => c.response.ok)).toHaveLength(1);
      calls.forEach((call, i) => {
        const response = call.response;
        if (response.ok) return;
        refused += 1;
        expect(response.error_code).toBe(429);
        const retry = calls[i + 1];
        expect(retry).toBeDefined();
        expect((retry?.at ?? 0) - call.at).toBeGreaterThanOrEqual(
          (response.parameters?.retry_after ?? 0) * 1000,
        );
      });
    }
    expect(refused).toBeGreaterThan(0);
  }, 90_000);
});

describe("cancelling a reminder job", () => {
  it("stops it: recipients not yet tried get nothing, and the summary says so", async () => {
    const { rig, chats, progressId } = await remindMany(40, 5);
    const since = 0;
    await rig.emu.waitFor(
      () =>
        rig.emu.callsTo("sendMessage").filter((c) => chats.has(Number(c.params.chat_id))).length >=
        5,
      {
        since,
        timeoutMs: 10_000,
      },
    );
    const progress = rig.emu.botMessages(COORDINATOR.id).find((m) => m.message_id === progressId);
    if (!progress) throw new Error("no progress message");
    const press = rig.emu.pressButton(COORDINATOR, progress, "r:x:1", { unchecked: true });
    const answer = await rig.emu.waitFor(
      (c) =>
        c.method === "answerCallbackQuery" &&
        c.params.callback_query_id === press.callback_query?.id,
      { since: 0 },
    );
    expect(answer.params.text).toContain("Останавливаю");
    const summary = await rig.emu.waitFor(
      (c) => isBotMessage(c, COORDINATOR.id) && String(c.message.text).includes("остановлено"),
      { since: 0, timeoutMs: 10_000 },
    );
    expect(summary).toBeDefined();

    const sent = [...sendsPerChat(rig.emu, chats).values()].flat();
    const db = rig.readDb();
    const rows = db
      .prepare(
        "SELECT status, count(*) AS n FROM reminder_recipients GROUP BY status ORDER BY status",
      )
      .all() as { status: string; n: number }[];
    const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
    expect(count("sent")).toBe(sent.length);
    expect(count("sent")).toBeLessThan(40);
    expect(count("cancelled")).toBe(40 - sent.length);
    expect(db.prepare("SELECT status FROM reminder_jobs").get()).toEqual({ status: "cancelled" });
    const actions = db.prepare("SELECT action FROM audit_log ORDER BY id").all();
    expect(actions).toEqual([
      { action: "reminder.start" },
      { action: "reminder.cancel" },
      { action: "reminder.cancelled" },
    ]);
    db.close();
  }, 30_000);
});
