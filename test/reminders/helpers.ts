/**
 * Shared by the reminder tests: teachers seeded straight into a temp database, a coordinator
 * who goes through /remind in the emulator, and measures over the emulator's recorded calls.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Sqlite from "better-sqlite3";
import { type Database, openDatabase } from "../../src/storage/database.js";
import type { ApiCall, BotApiEmulator, ChatMessage, SimUser } from "../support/bot-api-emulator.js";

/** A fresh database file with every migration applied; `remove` closes and deletes it. */
export function tempDatabase(): { database: Database; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "saualnama-reminders-"));
  const database = openDatabase(join(dir, "test.db"));
  return {
    database,
    remove() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A teacher as the tests need them; everything but the ids has a default. */
export interface SeedTeacher {
  respondentId: string;
  chatId: number;
  language?: "kk" | "ru" | null;
  stage?: "language" | "consent" | "declined" | "answering" | "completed";
  cursor?: string | null;
  schoolCode?: string | null;
  /** The q3 answer (a district code). */
  district?: string;
  tester?: boolean;
  unreachable?: boolean;
  optedOut?: boolean;
  lastActivityAt?: number;
}

/** Inserts teachers with their contacts in one transaction (2,000 take a few ms). */
export function seedTeachers(sqlite: Sqlite.Database, teachers: readonly SeedTeacher[]): void {
  const respondent = sqlite.prepare(
    `INSERT INTO respondents (id, survey_id, survey_version, language, school_code, stage, cursor,
       tester, started_at, last_activity_at)
     VALUES (@id, 'teachers-50-schools', 1, @language, @school, @stage, @cursor, @tester, @at, @at)`,
  );
  const contact = sqlite.prepare(
    `INSERT INTO contacts (respondent_id, channel, address, unreachable, opted_out)
     VALUES (@id, 'telegram', @address, @unreachable, @optedOut)`,
  );
  const answer = sqlite.prepare(
    "INSERT INTO answers (respondent_id, variable, value, answered_at) VALUES (?, 'q3', ?, ?)",
  );
  sqlite.transaction(() => {
    for (const t of teachers) {
      const stage = t.stage ?? "answering";
      const at = t.lastActivityAt ?? Date.now();
      respondent.run({
        id: t.respondentId,
        language: t.language === undefined ? "kk" : t.language,
        school: t.schoolCode ?? null,
        stage,
        cursor: t.cursor ?? (stage === "answering" ? "q8" : null),
        tester: t.tester ? 1 : 0,
        at,
      });
      contact.run({
        id: t.respondentId,
        address: String(t.chatId),
        unreachable: t.unreachable ? 1 : 0,
        optedOut: t.optedOut ? 1 : 0,
      });
      if (t.district) answer.run(t.respondentId, t.district, at);
    }
  })();
}

/** `n` teachers in progress with chat ids from `firstChatId`, alternating kk and ru. */
export function manyTeachers(n: number, firstChatId: number, prefix = "RT"): SeedTeacher[] {
  return Array.from({ length: n }, (_, i) => ({
    respondentId: `${prefix}${String(i).padStart(5, "0")}`,
    chatId: firstChatId + i,
    language: i % 2 === 0 ? "kk" : "ru",
  }));
}

/** What the coordinator picks in /remind. */
export interface DialogChoices {
  /** Segment code: "ns", "ip", "nc" or "cd". */
  segment: string;
  district?: string;
  /** Index of the school in the schools file, when the district has schools. */
  school?: number;
  custom?: { kk: string; ru: string };
}

/** The messages the dialog produced. */
export interface DialogResult {
  previews: ChatMessage[];
  confirm: ChatMessage;
  /** The first version of the progress message. */
  progress: ChatMessage;
}

/** Goes through /remind as a coordinator would and confirms; resolves at the progress message. */
export async function remindThroughDialog(
  emu: BotApiEmulator,
  coordinator: SimUser,
  choices: DialogChoices,
  options: { hasSchools?: boolean } = {},
): Promise<DialogResult> {
  const next = () => emu.nextBotMessage(coordinator.id, { timeoutMs: 10_000 });
  emu.sendCommand(coordinator, "/remind");
  emu.pressButton(coordinator, await next(), `r:g:${choices.segment}`);
  emu.pressButton(coordinator, await next(), `r:d:${choices.district ?? "*"}`);
  if (choices.district && options.hasSchools)
    emu.pressButton(coordinator, await next(), `r:s:${choices.school ?? "*"}`);
  emu.pressButton(coordinator, await next(), choices.custom ? "r:t:o" : "r:t:d");
  if (choices.custom) {
    await next();
    emu.sendText(coordinator, choices.custom.kk);
    await next();
    emu.sendText(coordinator, choices.custom.ru);
  }
  const previews = [await next(), await next()];
  const confirm = await next();
  emu.pressButton(coordinator, confirm, "r:ok");
  await next();
  const progress = await next();
  return { previews, confirm, progress };
}

/** Successful and failed sendMessage calls per chat, for chats in `chats`. */
export function sendsPerChat(
  emu: BotApiEmulator,
  chats: ReadonlySet<number>,
): Map<number, ApiCall[]> {
  const per = new Map<number, ApiCall[]>();
  for (const call of emu.callsTo("sendMessage")) {
    const chat = call.params.chat_id;
    if (typeof chat !== "number" || !chats.has(chat)) continue;
    per.set(chat, [...(per.get(chat) ?? []), call]);
  }
  return per;
}

/** The most timestamps in any window of `windowMs` (a window ending at each timestamp). */
export function maxInWindow(timestamps: readonly number[], windowMs = 1000): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[start] ?? 0) <= (sorted[end] ?? 0) - windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** Calls per second from the first timestamp to the last. */
export function meanRate(timestamps: readonly number[]): number {
  const first = Math.min(...timestamps);
  const last = Math.max(...timestamps);
  return last > first ? ((timestamps.length - 1) * 1000) / (last - first) : 0;
}
