/**
 * The send queue over SQLite and the emulator: what it does after a crash, with recipients
 * who changed their mind, with blocked chats, when stopped, and when cancelled.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { NewJob } from "../../src/reminders/job-store.js";
import { sendsPerChat } from "./helpers.js";
import { type QueueFixture, queueFixture, seedJob } from "./queue-fixture.js";

let fx: QueueFixture;
afterEach(async () => {
  await fx.close();
});

const jobFor = (n: number, firstChat: number, job: Partial<NewJob> = {}) =>
  seedJob(fx, n, firstChat, job);

const statuses = (jobId: number) =>
  fx.database.sqlite
    .prepare(
      "SELECT respondent_id AS id, status, reason FROM reminder_recipients WHERE job_id = ? ORDER BY respondent_id",
    )
    .all(jobId) as { id: string; status: string; reason: string | null }[];

describe("the send queue", () => {
  it("after a crash, never resends a recipient left 'sending' and sends the pending once", async () => {
    fx = await queueFixture();
    const { jobId, chats } = jobFor(10, 100);
    // The state a crash leaves: three answered, two in flight, five not tried.
    const set = fx.database.sqlite.prepare(
      "UPDATE reminder_recipients SET status = ? WHERE respondent_id = ?",
    );
    for (const id of ["RT00000", "RT00001", "RT00002"]) set.run("sent", id);
    for (const id of ["RT00003", "RT00004"]) set.run("sending", id);

    await fx.newQueue().run(jobId);

    const per = sendsPerChat(fx.emu, chats);
    expect([...per.keys()].sort()).toEqual([105, 106, 107, 108, 109]);
    expect([...per.values()].every((calls) => calls.length === 1)).toBe(true);
    expect(statuses(jobId).filter((r) => r.status === "failed")).toEqual([
      { id: "RT00003", status: "failed", reason: "interrupted" },
      { id: "RT00004", status: "failed", reason: "interrupted" },
    ]);
    expect(fx.jobs.job(jobId)?.status).toBe("done");
  });

  it("lets only one claim on a recipient succeed", async () => {
    fx = await queueFixture();
    const { jobId } = jobFor(1, 100);
    expect(fx.jobs.claim(jobId, "RT00000", 1)).toBe(true);
    expect(fx.jobs.claim(jobId, "RT00000", 2)).toBe(false);
  });

  it("skips recipients who opted out, were blocked or finished since the job was made", async () => {
    fx = await queueFixture();
    const { jobId, chats } = jobFor(4, 200);
    const sql = fx.database.sqlite;
    sql.prepare("UPDATE contacts SET opted_out = 1 WHERE respondent_id = 'RT00001'").run();
    sql.prepare("UPDATE contacts SET unreachable = 1 WHERE respondent_id = 'RT00002'").run();
    sql.prepare("UPDATE respondents SET stage = 'completed' WHERE id = 'RT00003'").run();

    await fx.newQueue().run(jobId);

    expect([...sendsPerChat(fx.emu, chats).keys()]).toEqual([200]);
    expect(statuses(jobId).map((r) => [r.status, r.reason])).toEqual([
      ["sent", null],
      ["skipped", "opted_out"],
      ["skipped", "unreachable"],
      ["skipped", "stage"],
    ]);
  });

  it("marks a teacher unreachable when Telegram answers 403, and goes on", async () => {
    fx = await queueFixture({ blockedChats: [301] });
    const { jobId } = jobFor(3, 300);
    await fx.newQueue().run(jobId);
    expect(statuses(jobId).map((r) => r.status)).toEqual(["sent", "unreachable", "sent"]);
    const contact = fx.database.sqlite
      .prepare("SELECT unreachable FROM contacts WHERE address = '301'")
      .get();
    expect(contact).toEqual({ unreachable: 1 });
  });

  it("when stopped, leaves the rest pending for the next start, which sends each once", async () => {
    fx = await queueFixture();
    const { jobId, chats } = jobFor(20, 400);
    const first = fx.newQueue({ perSecond: 10 });
    const running = first.run(jobId);
    await fx.emu.waitFor((c) => c.method === "sendMessage" && chats.has(Number(c.params.chat_id)), {
      since: 0,
    });
    await first.stop();
    await running;
    expect(fx.jobs.job(jobId)?.status).toBe("running");
    const left = fx.jobs.counts(jobId).remaining;
    expect(left).toBeGreaterThan(0);

    await fx.newQueue().resume();
    const per = sendsPerChat(fx.emu, chats);
    expect(per.size).toBe(20);
    expect([...per.values()].every((calls) => calls.length === 1)).toBe(true);
    expect(fx.jobs.job(jobId)?.status).toBe("done");
  });

  it("cancels a job that is not being sent, e.g. paused by quiet hours", async () => {
    fx = await queueFixture();
    const { jobId } = jobFor(3, 500, { kind: "auto", createdBy: "auto", staffLanguage: null });
    const queue = fx.newQueue({ mayRun: () => false });
    await queue.run(jobId);
    expect(fx.jobs.job(jobId)?.status).toBe("running");

    expect(queue.cancel(jobId)).toBe(true);
    expect(fx.jobs.job(jobId)?.status).toBe("cancelled");
    expect(statuses(jobId).map((r) => r.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(queue.cancel(jobId)).toBe(false);
    expect(fx.emu.callsTo("sendMessage")).toEqual([]);
  });

  it("shows the progress to its creator and ends with a summary in their language", async () => {
    fx = await queueFixture();
    const { jobId } = jobFor(3, 600);
    await fx.newQueue({ perSecond: 5 }).run(jobId);

    const messages = fx.emu.botMessages(900);
    expect(messages).toHaveLength(2);
    const [progress, summary] = messages;
    expect(progress?.text).toContain(`№${jobId} еске салу`);
    expect(progress?.text).toContain("Аяқталды.");
    expect(progress?.edits.length).toBeGreaterThan(0);
    expect(progress?.edits[0]?.text).toContain("Қалған уақыт");
    expect(summary?.text).toBe(
      `№${jobId} еске салу жіберілді: 3 / 3. Жеткізілмеді: 0, қолжетімсіз: 0, өткізілді: 0.`,
    );
    expect(fx.jobs.job(jobId)?.progressMessageId).toBe(progress?.message_id);
  });
});
