/**
 * Helpers for end-to-end tests of a teacher's journey: reach a prompt, read what the SQLite
 * file holds (as a researcher would, read-only), and collect every button the bot sent.
 */
import Sqlite from "better-sqlite3";
import type { ApiCall, ChatMessage } from "./bot-api-emulator.js";
import { type Answer, promptIdOf, type SimTeacher, typicalAnswer } from "./teacher.js";

/** Answers prompt after prompt until `target` is the current one; returns its message. */
export async function answerUntil(
  teacher: SimTeacher,
  target: string,
  choose: (promptId: string) => Answer = typicalAnswer,
): Promise<ChatMessage> {
  let message = teacher.latest();
  for (let promptId = promptIdOf(message); promptId !== target; promptId = promptIdOf(message)) {
    if (!promptId) throw new Error(`the survey ended before ${target}`);
    message = await teacher.answer(promptId, choose(promptId));
  }
  return message;
}

/** A read-only look at the bot's database file. */
export class StoredSurvey {
  constructor(readonly path: string) {}

  private read<T>(work: (db: Sqlite.Database) => T): T {
    const db = new Sqlite(this.path, { readonly: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  }

  /** Every respondent row, oldest first. */
  respondents(): Record<string, unknown>[] {
    return this.read(
      (db) => db.prepare("SELECT * FROM respondents ORDER BY started_at").all() as never,
    );
  }

  /** The one respondent behind a chat, joined through contacts. */
  respondent(chatId: number): Record<string, unknown> {
    const row = this.read((db) =>
      db
        .prepare(
          `SELECT r.* FROM respondents r JOIN contacts c ON c.respondent_id = r.id
           WHERE c.channel = 'telegram' AND c.address = ?`,
        )
        .get(String(chatId)),
    );
    if (!row) throw new Error(`no respondent for chat ${chatId}`);
    return row as Record<string, unknown>;
  }

  /** The answers of the respondent behind a chat, by variable. */
  answers(chatId: number): Record<string, string | null> {
    const rows = this.read((db) =>
      db
        .prepare(
          `SELECT a.variable, a.value FROM answers a JOIN contacts c
           ON c.respondent_id = a.respondent_id
           WHERE c.channel = 'telegram' AND c.address = ? ORDER BY a.variable`,
        )
        .all(String(chatId)),
    ) as { variable: string; value: string | null }[];
    return Object.fromEntries(rows.map((row) => [row.variable, row.value]));
  }

  /** How many rows a table holds. */
  count(table: "respondents" | "contacts" | "answers"): number {
    return this.read(
      (db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    );
  }

  /** Where the respondent behind a chat is: stage and current prompt. */
  position(chatId: number): { stage: unknown; cursor: unknown } {
    const { stage, cursor } = this.respondent(chatId);
    return { stage, cursor };
  }
}

/** Every callback_data in the inline keyboards of the given Bot API calls. */
export function callbackDataIn(calls: readonly ApiCall[]): string[] {
  const found: string[] = [];
  for (const call of calls) {
    const markup = call.params.reply_markup;
    const rows =
      typeof markup === "object" && markup !== null && "inline_keyboard" in markup
        ? (markup.inline_keyboard as unknown[][])
        : [];
    for (const button of rows.flat()) {
      const data = (button as { callback_data?: unknown }).callback_data;
      if (typeof data === "string") found.push(data);
    }
  }
  return found;
}

/** Bot messages sent to a chat from call `since` on. */
export function sentSince(calls: readonly ApiCall[], chatId: number, since: number): ApiCall[] {
  return calls.filter(
    (call) =>
      call.seq >= since &&
      call.method === "sendMessage" &&
      call.response.ok &&
      call.params.chat_id === chatId,
  );
}

/** The prompt whose buttons a send call carried, read from the call as it was made. */
export function promptIdSent(call: ApiCall | undefined): string | undefined {
  const data = call ? callbackDataIn([call]) : [];
  return data.map((value) => /^[atdsb]:(q\w+)/.exec(value)?.[1]).find(Boolean);
}
