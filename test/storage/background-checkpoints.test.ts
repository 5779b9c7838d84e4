/**
 * The bot's database checkpoints from a worker thread: the log is copied into the database
 * file without a commit of the bot's doing it, and a failed worker hands the job back.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { checkpointInBackground } from "../../src/storage/background-checkpoints.js";
import { type Database, openDatabase } from "../../src/storage/database.js";

let dir: string;
let database: Database | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-checkpoints-"));
});

afterEach(() => {
  database?.close();
  database = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** About 2 MB of rows: well under the fallback threshold, so only the worker can copy them. */
function writeRows(db: Database): void {
  db.sqlite.exec("create table filler (body text not null)");
  const insert = db.sqlite.prepare("insert into filler (body) values (?)");
  for (let i = 0; i < 2_000; i += 1) insert.run(`${i}`.padEnd(1_000, "x"));
}

const fileSize = (path: string) => statSync(path).size;

it("copies committed pages into the database file from the worker", async () => {
  const path = join(dir, "survey.db");
  database = openDatabase(path, { backgroundCheckpoints: true });
  writeRows(database);
  expect(fileSize(path)).toBeLessThan(1_000_000);
  await vi.waitFor(() => expect(fileSize(path)).toBeGreaterThan(2_000_000), {
    timeout: 15_000,
    interval: 100,
  });
  expect(database.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);
});

it("leaves checkpoints to commits when not asked to run them in the background", async () => {
  const path = join(dir, "tool.db");
  database = openDatabase(path);
  expect(database.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1_000);
});

it("hands checkpoints back to the bot's connection when the worker cannot open the file", async () => {
  const path = join(dir, "survey.db");
  database = openDatabase(path);
  checkpointInBackground(database.sqlite, join(dir, "missing", "survey.db"));
  expect(database.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);
  await vi.waitFor(
    () => expect(database?.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1_000),
    { timeout: 15_000, interval: 50 },
  );
});
