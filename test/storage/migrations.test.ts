/**
 * Upgrading a database made by an earlier release: the migrations that rebuild tables keep
 * every row. The earlier state is made by applying the migrations up to the one under test.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase } from "../../src/storage/database.js";
import { createSessionStore } from "../../src/storage/session-store.js";

const migrations = fileURLToPath(new URL("../../migrations", import.meta.url));
const WITHOUT_ROWID = "0009_answers_without_rowid";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-migrations-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the migrations folder whose journal ends just before `tag`. */
function migrationsBefore(tag: string): string {
  const folder = join(dir, "migrations");
  cpSync(migrations, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: { tag: string }[];
  };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

function tableSql(sqlite: Sqlite.Database, name: string): string {
  const row = sqlite
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(name) as { sql: string } | undefined;
  return row?.sql ?? "";
}

it("moves answers and update keys to WITHOUT ROWID tables, keeping every row", () => {
  const path = join(dir, "survey.db");
  const old = new Sqlite(path);
  migrate(drizzle(old), { migrationsFolder: migrationsBefore(WITHOUT_ROWID) });
  old.exec(`
    INSERT INTO respondents (id, survey_id, survey_version, stage, started_at, last_activity_at)
      VALUES ('R1', 'teachers', 1, 'answering', 1, 1), ('R2', 'teachers', 1, 'completed', 1, 1);
    INSERT INTO contacts (respondent_id, channel, address) VALUES ('R1', 'telegram', '501');
    INSERT INTO answers (respondent_id, variable, value, answered_at)
      VALUES ('R1', 'q1', '2', 10), ('R1', 'q17', 'Жоба', 11), ('R2', 'q1', NULL, 12);
    INSERT INTO processed_updates (key, at) VALUES ('tg:7', 100), ('tg:8', 101);
  `);
  expect(tableSql(old, "answers")).not.toMatch(/WITHOUT ROWID/i);
  old.close();

  const database = openDatabase(path);
  const { sqlite } = database;
  expect(tableSql(sqlite, "answers")).toMatch(/WITHOUT ROWID/i);
  expect(tableSql(sqlite, "processed_updates")).toMatch(/WITHOUT ROWID/i);
  expect(sqlite.prepare("SELECT * FROM answers ORDER BY respondent_id, variable").all()).toEqual([
    { respondent_id: "R1", variable: "q1", value: "2", answered_at: 10 },
    { respondent_id: "R1", variable: "q17", value: "Жоба", answered_at: 11 },
    { respondent_id: "R2", variable: "q1", value: null, answered_at: 12 },
  ]);
  expect(sqlite.prepare("SELECT key, at FROM processed_updates ORDER BY key").all()).toEqual([
    { key: "tg:7", at: 100 },
    { key: "tg:8", at: 101 },
  ]);
  const indexes = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'answers'")
    .all()
    .map((row) => (row as { name: string }).name);
  expect(indexes).toContain("answers_report");
  expect(indexes).not.toContain("answers_by_respondent");

  // The rebuilt table still belongs to its respondent: deleting one removes their answers.
  sqlite.prepare("DELETE FROM respondents WHERE id = 'R2'").run();
  expect(sqlite.prepare("SELECT count(*) AS n FROM answers").get()).toEqual({ n: 2 });
  // And the store works on the upgraded file.
  const store = createSessionStore(database, { id: "teachers", version: 1 });
  expect(store.answerOf("R1", "q17")).toBe("Жоба");
  expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  database.close();
});
