import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { openReportsConnection } from "../../src/storage/reports-connection.js";
import { createSessionStore } from "../../src/storage/session-store.js";

let dir: string;
let main: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-reports-"));
  main = openDatabase(join(dir, "survey.db"));
});
afterEach(() => {
  main.close();
  rmSync(dir, { recursive: true, force: true });
});

const answerCount = (database: Database) =>
  (database.sqlite.prepare("SELECT count(*) AS n FROM answers").get() as { n: number }).n;

it("reads every answer the bot has committed, through a memory map, and writes nothing", () => {
  const path = join(dir, "survey.db");
  const reports = openReportsConnection(main, path);
  expect(reports).not.toBe(main);
  expect(reports.sqlite.pragma("mmap_size", { simple: true })).toBeGreaterThan(0);

  const store = createSessionStore(main, { id: "teachers", version: 1 });
  store.create({ channel: "telegram", id: "1" }, { respondentId: "R1", schoolCode: null, now: 1 });
  expect(answerCount(reports)).toBe(0);
  store.atomically("tg:1", () => store.saveAnswer("R1", "q1", "female", 2));
  expect(answerCount(reports)).toBe(1);

  expect(() => reports.sqlite.prepare("DELETE FROM answers").run()).toThrow(/readonly|query_only/i);
  expect(answerCount(main)).toBe(1);
  reports.close();
});

it("shares the connection of an in-memory database, which cannot be opened twice", () => {
  const memory = openDatabase(":memory:");
  expect(openReportsConnection(memory, ":memory:")).toBe(memory);
  memory.close();
});
