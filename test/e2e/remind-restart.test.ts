/**
 * The bot process is killed (SIGKILL) in the middle of a reminder to 2,000 teachers and
 * started again on the same database: the job finishes and nobody gets a second reminder.
 * The few whose request was in flight at the kill are settled as failed ("interrupted"),
 * never resent: delivery is at most once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/storage/database.js";
import {
  manyTeachers,
  remindThroughDialog,
  seedTeachers,
  sendsPerChat,
} from "../reminders/helpers.js";
import { type ApiCall, type BotApiEmulator, startEmulator } from "../support/bot-api-emulator.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";

const COORDINATOR = { id: 900, first_name: "Coordinator", language_code: "kk" };
const TEACHERS = 2000;
const KILL_AFTER = 600;

let emu: BotApiEmulator | undefined;
let bot: BotProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), "saualnama-restart-"));
afterAll(async () => {
  await bot?.stop("SIGKILL");
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("a reminder job across a killed bot process", () => {
  it("completes after the restart with no duplicate", async () => {
    emu = await startEmulator({ rateLimit: { perSecond: 250 } });
    const dbPath = join(dir, "bot.db");
    const teachers = manyTeachers(TEACHERS, 20_000);
    const chats = new Set(teachers.map((t) => t.chatId));
    const database = openDatabase(dbPath);
    seedTeachers(database.sqlite, teachers);
    database.close();
    const env = {
      BOT_TOKEN: emu.token,
      BOT_API_ROOT: emu.apiRoot,
      DATABASE_PATH: dbPath,
      COORDINATOR_IDS: String(COORDINATOR.id),
      REMINDER_RATE_PER_SECOND: "200",
    };

    // Start, send, and kill the process once KILL_AFTER teachers were reached.
    bot = await startBotProcess(env);
    await remindThroughDialog(emu, COORDINATOR, { segment: "ip" });
    let reached = 0;
    const toTeacher = (c: ApiCall) =>
      c.method === "sendMessage" && chats.has(Number(c.params.chat_id));
    await emu.waitFor((c) => toTeacher(c) && ++reached >= KILL_AFTER, {
      since: 0,
      timeoutMs: 30_000,
    });
    await bot.stop("SIGKILL");
    const beforeRestart = emu.calls.filter(toTeacher).length;
    expect(beforeRestart).toBeLessThan(TEACHERS);

    // Start again: the job resumes on its own and ends with a summary.
    bot = await startBotProcess(env);
    const summary = await emu.waitFor(
      (c) =>
        c.method === "sendMessage" &&
        c.params.chat_id === COORDINATOR.id &&
        String(c.params.text).includes("жіберілді"),
      { since: 0, timeoutMs: 60_000 },
    );
    expect(summary.response.ok).toBe(true);
    await bot.stop();

    // Nobody twice; everyone marked sent has exactly the one message the emulator recorded.
    const per = sendsPerChat(emu, chats);
    const duplicates = [...per.values()].filter((calls) => calls.length > 1);
    expect(duplicates).toEqual([]);
    const db = new Sqlite(dbPath, { readonly: true });
    const rows = db
      .prepare(
        `SELECT c.address AS address, r.status AS status, r.reason AS reason
         FROM reminder_recipients r JOIN contacts c ON c.respondent_id = r.respondent_id`,
      )
      .all() as { address: string; status: string; reason: string | null }[];
    db.close();
    expect(rows).toHaveLength(TEACHERS);
    for (const row of rows) {
      const calls = per.get(Number(row.address)) ?? [];
      if (row.status === "sent") expect(calls.map((c) => c.response.ok)).toEqual([true]);
      else expect(row).toMatchObject({ status: "failed", reason: "interrupted" });
    }
    // Only requests in flight at the kill can be interrupted: a handful, not a batch.
    const interrupted = rows.filter((row) => row.status === "failed").length;
    expect(interrupted).toBeLessThan(20);
    expect(rows.filter((row) => row.status === "sent").length).toBe(TEACHERS - interrupted);
    if (interrupted > 0) expect(bot.output()).toContain("reminders in flight at a crash");
  }, 120_000);
});
