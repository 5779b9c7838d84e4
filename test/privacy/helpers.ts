/**
 * Helpers of the privacy tests: translations, teachers with recognisable ids and names, reading
 * several replies, and scanning a database for any trace of a person.
 */
import type Sqlite from "better-sqlite3";
import { loadTranslations, type Translate } from "../../src/i18n.js";
import type { BotApiEmulator, ChatMessage, SimUser } from "../support/bot-api-emulator.js";
import { SimTeacher } from "../support/teacher.js";

/** Translators for both languages, loaded once per test file. */
export async function translators(): Promise<{ kk: Translate; ru: Translate }> {
  const translations = await loadTranslations();
  return { kk: translations.t("kk"), ru: translations.t("ru") };
}

/** A teacher whose id, names and username are easy to search for. */
export function person(emu: BotApiEmulator, id: number, language: "kk" | "ru"): SimTeacher {
  const user: SimUser = {
    id,
    first_name: `Name${id}`,
    last_name: `Surname${id}`,
    username: `user${id}`,
    language_code: language,
  };
  return new SimTeacher(emu, user);
}

/** The strings that would identify `user` if they appeared in an export or a log. */
export function identifiers(user: SimUser): string[] {
  return [String(user.id), user.first_name, user.last_name, user.username].filter(
    (value): value is string => typeof value === "string",
  );
}

/** Sends a command and collects the bot's messages up to the one that `isLast` accepts. */
export async function repliesUntil(
  teacher: SimTeacher,
  command: string,
  isLast: (message: ChatMessage) => boolean,
): Promise<ChatMessage[]> {
  teacher.emu.sendCommand(teacher.user, command);
  const replies: ChatMessage[] = [];
  for (;;) {
    const message = await teacher.next();
    replies.push(message);
    if (isLast(message)) return replies;
  }
}

/** Every table (but the migrations journal) whose rows mention one of `needles`. */
export function tablesMentioning(db: Sqlite.Database, needles: readonly string[]): string[] {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' " +
        "AND name NOT LIKE '__drizzle%'",
    )
    .all() as { name: string }[];
  return tables
    .map(({ name }) => name)
    .filter((name) => {
      const rows = db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][];
      return rows.some((row) =>
        row.some(
          (cell) => cell !== null && needles.some((needle) => String(cell).includes(needle)),
        ),
      );
    });
}

/** Row counts of every table, to show that something changed nothing. */
export function rowCounts(db: Sqlite.Database): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => {
      const row = db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number };
      return [name, row.n];
    }),
  );
}
