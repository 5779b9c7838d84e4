/**
 * Guarantee 9: SIGTERM lets the updates in flight finish (their replies are sent and their
 * rows written), stops polling and closes the database (SQLite folds its log back into the
 * file and removes it); a second signal ends the process at once.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { translators } from "../privacy/helpers.js";
import { type BotApiEmulator, startEmulator } from "../support/bot-api-emulator.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";
import { SimTeacher } from "../support/teacher.js";

let emu: BotApiEmulator;
let dir: string;
let dbPath: string;
let bot: BotProcess;
beforeEach(async () => {
  // One message per second per chat: an update that sends twice waits for Telegram's 429.
  emu = await startEmulator({ perChatPerSecond: 1 });
  dir = mkdtempSync(join(tmpdir(), "saualnama-stop-"));
  dbPath = join(dir, "stop.db");
  bot = await startBotProcess({
    BOT_TOKEN: emu.token,
    BOT_API_ROOT: emu.apiRoot,
    DATABASE_PATH: dbPath,
  });
});
afterEach(async () => {
  await bot.stop("SIGKILL");
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Puts `teachers` in the middle of an update that takes seconds: choosing their language. */
async function inFlight(teachers: SimTeacher[]): Promise<void> {
  for (const teacher of teachers) await teacher.command("/start");
  for (const teacher of teachers) emu.pressButton(teacher.user, teacher.latest(), "l:ru");
  await Promise.all(
    teachers.map((teacher) =>
      emu.waitFor((call) => call.params.chat_id === teacher.chatId && !call.response.ok),
    ),
  );
}

function stages(): string[] {
  const db = new Sqlite(dbPath, { readonly: true });
  try {
    return (db.prepare("SELECT stage FROM respondents").all() as { stage: string }[]).map(
      (row) => row.stage,
    );
  } finally {
    db.close();
  }
}

describe("stopping the bot", () => {
  it("finishes the updates in flight on SIGTERM, then closes the database", async () => {
    const t = await translators();
    const teachers = [1, 2, 3].map(
      (n) => new SimTeacher(emu, { id: 7_340_009_000 + n, language_code: "ru" }),
    );
    await inFlight(teachers);

    const signalled = Date.now();
    const code = await bot.stop("SIGTERM");
    expect(code).toBe(0);
    expect(bot.output()).toContain("stopped");
    for (const teacher of teachers) {
      const consent = emu.botMessages(teacher.chatId).at(-1)?.text ?? "";
      expect(consent).toContain(t.ru("bot:consent.question"));
    }
    // Closed cleanly: the log was folded into the file and removed (checked before reading).
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(stages()).toEqual(["consent", "consent", "consent"]);
    // Polling stopped at the signal, while the updates in flight went on.
    expect(emu.callsTo("getUpdates").filter((call) => call.at > signalled)).toEqual([]);
  });

  it("exits at once on a second signal", async () => {
    const t = await translators();
    const teacher = new SimTeacher(emu, { id: 7_340_009_011, language_code: "ru" });
    await inFlight([teacher]);
    bot.child.kill("SIGTERM");
    const code = await bot.stop("SIGINT");
    expect(code).toBe(1);
    expect(bot.output()).toContain("second signal");
    const consent = emu.botMessages(teacher.chatId).at(-1)?.text ?? "";
    expect(consent).not.toContain(t.ru("bot:consent.question"));
  });
});
