/**
 * Contract tests of the SQLite session store, each on a fresh temporary database file that
 * is opened with the real migrations and removed afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Address, SessionStore } from "../../src/app/ports.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { createSessionStore } from "../../src/storage/session-store.js";

const SURVEY = { id: "teachers-50-schools", version: 3 };
const ALICE: Address = { channel: "telegram", id: "770011223344" };
const BOB: Address = { channel: "telegram", id: "880055667788" };
const NOW = 1_750_000_000_000;

let dir: string;
let database: Database;
let store: SessionStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-store-"));
  database = openDatabase(join(dir, "survey.db"));
  store = createSessionStore(database, SURVEY);
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function createAlice(schoolCode: string | null = null) {
  return store.create(ALICE, { respondentId: "r-alice", schoolCode, now: NOW });
}

/** One row of the respondents table, as SQLite stores it. */
function respondentRow(id: string): Record<string, unknown> | undefined {
  return database.sqlite.prepare("SELECT * FROM respondents WHERE id = ?").get(id) as
    | Record<string, unknown>
    | undefined;
}

function answerCount(): number {
  const row = database.sqlite.prepare("SELECT count(*) AS n FROM answers").get() as { n: number };
  return row.n;
}

describe("create and find", () => {
  it("creates a respondent at the language stage and reads it back by address", () => {
    const created = createAlice("SCH01");
    const expected = {
      respondentId: "r-alice",
      language: null,
      stage: "language",
      cursor: null,
      draft: [],
      lastPrompt: null,
      lastValue: null,
      schoolCode: "SCH01",
      shown: null,
      promptMessageId: null,
      shownSince: null,
    };
    expect(created).toEqual(expected);
    expect(store.find(ALICE)).toEqual(expected);
  });

  it("records the survey, its version and the start time with the respondent", () => {
    createAlice();
    expect(respondentRow("r-alice")).toMatchObject({
      survey_id: "teachers-50-schools",
      survey_version: 3,
      started_at: NOW,
      last_activity_at: NOW,
      tester: 0,
    });
  });

  it("finds nothing for an address that never started", () => {
    createAlice();
    expect(store.find(BOB)).toBeUndefined();
  });

  it("tells apart the same chat id on another channel", () => {
    createAlice();
    expect(store.find({ channel: "terminal", id: ALICE.id })).toBeUndefined();
  });

  it("refuses a second respondent at an address already taken", () => {
    createAlice();
    const again = () =>
      store.create(ALICE, { respondentId: "r-other", schoolCode: null, now: NOW });
    expect(() => store.atomically(undefined, again)).toThrow();
    expect(store.find(ALICE)?.respondentId).toBe("r-alice");
    expect(respondentRow("r-other")).toBeUndefined();
  });
});

describe("answers", () => {
  it("reports no answer for a variable never answered", () => {
    createAlice();
    expect(store.answerOf("r-alice", "q1")).toBeUndefined();
  });

  it("saves an answer and reads it back", () => {
    createAlice();
    store.saveAnswer("r-alice", "q1", "female", NOW);
    expect(store.answerOf("r-alice", "q1")).toBe("female");
  });

  it("replaces an earlier answer to the same variable instead of adding a row", () => {
    createAlice();
    store.saveAnswer("r-alice", "q5", "other", NOW);
    store.saveAnswer("r-alice", "q5", "teacher", NOW + 5_000);
    expect(store.answerOf("r-alice", "q5")).toBe("teacher");
    expect(answerCount()).toBe(1);
    const row = database.sqlite
      .prepare("SELECT answered_at FROM answers WHERE variable = 'q5'")
      .get() as { answered_at: number };
    expect(row.answered_at).toBe(NOW + 5_000);
  });

  it("stores a skipped question as null, which differs from no answer", () => {
    createAlice();
    store.saveAnswer("r-alice", "q17", null, NOW);
    expect(store.answerOf("r-alice", "q17")).toBeNull();
    expect(store.answerOf("r-alice", "q18")).toBeUndefined();
  });

  it("keeps each respondent's answers apart", () => {
    createAlice();
    store.create(BOB, { respondentId: "r-bob", schoolCode: null, now: NOW });
    store.saveAnswer("r-alice", "q1", "female", NOW);
    store.saveAnswer("r-bob", "q1", "male", NOW);
    expect(store.answerOf("r-alice", "q1")).toBe("female");
    expect(store.answerOf("r-bob", "q1")).toBe("male");
  });

  it("clears the listed variables of one respondent only", () => {
    createAlice();
    store.create(BOB, { respondentId: "r-bob", schoolCode: null, now: NOW });
    for (const variable of ["q21", "q22_1", "q22_2"]) {
      store.saveAnswer("r-alice", variable, "1", NOW);
      store.saveAnswer("r-bob", variable, "1", NOW);
    }
    store.clearAnswers("r-alice", ["q22_1", "q22_2", "q22_3"]);
    expect(store.answerOf("r-alice", "q21")).toBe("1");
    expect(store.answerOf("r-alice", "q22_1")).toBeUndefined();
    expect(store.answerOf("r-alice", "q22_2")).toBeUndefined();
    expect(store.answerOf("r-bob", "q22_1")).toBe("1");
    expect(answerCount()).toBe(4);
  });

  it("clears nothing when given no variables", () => {
    createAlice();
    store.saveAnswer("r-alice", "q1", "female", NOW);
    store.clearAnswers("r-alice", []);
    expect(answerCount()).toBe(1);
  });
});

describe("update", () => {
  it("changes only the fields in the patch", () => {
    createAlice("SCH01");
    store.update("r-alice", { language: "kk", stage: "consent" }, NOW + 1);
    expect(store.find(ALICE)).toMatchObject({
      language: "kk",
      stage: "consent",
      cursor: null,
      schoolCode: "SCH01",
    });
    store.update("r-alice", { cursor: "q1", stage: "answering" }, NOW + 2);
    expect(store.find(ALICE)).toMatchObject({ language: "kk", stage: "answering", cursor: "q1" });
  });

  it("records the time of the last activity with every update", () => {
    createAlice();
    store.update("r-alice", { language: "ru" }, NOW + 60_000);
    expect(respondentRow("r-alice")?.last_activity_at).toBe(NOW + 60_000);
  });

  it("stores the consent, decline and completion times it is given", () => {
    createAlice();
    store.update("r-alice", { consentedAt: NOW + 1, completedAt: NOW + 2 }, NOW + 2);
    expect(respondentRow("r-alice")).toMatchObject({
      consented_at: NOW + 1,
      completed_at: NOW + 2,
      declined_at: null,
    });
    store.update("r-alice", { completedAt: null }, NOW + 3);
    expect(respondentRow("r-alice")?.completed_at).toBeNull();
  });

  it("round-trips the ticks of a multiple choice in their order", () => {
    createAlice();
    store.update("r-alice", { draft: ["a", "c", "i"] }, NOW);
    expect(store.find(ALICE)?.draft).toEqual(["a", "c", "i"]);
    expect(respondentRow("r-alice")?.draft).toBe("a,c,i");
  });

  it("stores an empty draft as no draft and reads it back as no ticks", () => {
    createAlice();
    store.update("r-alice", { draft: ["b"] }, NOW);
    store.update("r-alice", { draft: [] }, NOW);
    expect(respondentRow("r-alice")?.draft).toBeNull();
    expect(store.find(ALICE)?.draft).toEqual([]);
  });

  it("leaves the draft alone when the patch does not mention it", () => {
    createAlice();
    store.update("r-alice", { draft: ["a", "b"] }, NOW);
    store.update("r-alice", { cursor: "q7" }, NOW);
    expect(store.find(ALICE)?.draft).toEqual(["a", "b"]);
  });

  it("stores the last tap, and clears it with nulls", () => {
    createAlice();
    store.update("r-alice", { lastPrompt: "q2", lastValue: "maths" }, NOW);
    expect(store.find(ALICE)).toMatchObject({ lastPrompt: "q2", lastValue: "maths" });
    store.update("r-alice", { lastPrompt: null, lastValue: null }, NOW);
    expect(store.find(ALICE)).toMatchObject({ lastPrompt: null, lastValue: null });
  });

  it("changes one respondent only", () => {
    createAlice();
    store.create(BOB, { respondentId: "r-bob", schoolCode: null, now: NOW });
    store.update("r-alice", { stage: "declined", declinedAt: NOW }, NOW);
    expect(store.find(BOB)?.stage).toBe("language");
  });
});

describe("atomically", () => {
  it("returns what the work returns", () => {
    expect(store.atomically(undefined, () => 42)).toBe(42);
  });

  it("records the update key when the work succeeds", () => {
    createAlice();
    expect(store.isProcessed("tg:1001")).toBe(false);
    store.atomically("tg:1001", () => store.saveAnswer("r-alice", "q1", "male", NOW));
    expect(store.isProcessed("tg:1001")).toBe(true);
    expect(store.isProcessed("tg:1002")).toBe(false);
  });

  it("rolls every write back and records no key when the work throws", () => {
    createAlice();
    store.saveAnswer("r-alice", "q1", "male", NOW);
    const work = () => {
      store.saveAnswer("r-alice", "q1", "female", NOW);
      store.saveAnswer("r-alice", "q2", "maths", NOW);
      store.update("r-alice", { cursor: "q3", stage: "answering" }, NOW);
      throw new Error("the channel failed halfway");
    };
    expect(() => store.atomically("tg:2001", work)).toThrow("the channel failed halfway");
    expect(store.answerOf("r-alice", "q1")).toBe("male");
    expect(store.answerOf("r-alice", "q2")).toBeUndefined();
    expect(store.find(ALICE)).toMatchObject({ stage: "language", cursor: null });
    expect(store.isProcessed("tg:2001")).toBe(false);
  });

  it("accepts the same key twice without failing", () => {
    store.atomically("tg:3001", () => undefined);
    expect(() => store.atomically("tg:3001", () => undefined)).not.toThrow();
    expect(store.isProcessed("tg:3001")).toBe(true);
  });

  it("records nothing without a key", () => {
    store.atomically(undefined, () => undefined);
    const row = database.sqlite.prepare("SELECT count(*) AS n FROM processed_updates").get() as {
      n: number;
    };
    expect(row.n).toBe(0);
  });
});

describe("processed updates and delivered views", () => {
  it("keeps processed update keys across a reopened database", () => {
    store.atomically("tg:4001", () => undefined);
    database.close();
    database = openDatabase(join(dir, "survey.db"));
    store = createSessionStore(database, SURVEY);
    expect(store.isProcessed("tg:4001")).toBe(true);
  });

  it("records the view shown and the message that carries its buttons", () => {
    createAlice();
    store.markShown("r-alice", "q3", { messageId: 512, promptMessageId: 512 });
    expect(store.find(ALICE)).toMatchObject({ shown: "q3", promptMessageId: 512 });
    store.markShown("r-alice", "completed", { messageId: 513, promptMessageId: null });
    expect(store.find(ALICE)).toMatchObject({ shown: "completed", promptMessageId: null });
  });

  it("keeps the first message of a view shown again, and starts anew with another view", () => {
    createAlice();
    store.markShown("r-alice", "q4", { messageId: 40, promptMessageId: 40 });
    store.markShown("r-alice", "q4", { messageId: 42, promptMessageId: 42 });
    expect(store.find(ALICE)).toMatchObject({ shown: "q4", promptMessageId: 42, shownSince: 40 });
    store.markShown("r-alice", "q5", { messageId: 44, promptMessageId: 44 });
    expect(store.find(ALICE)).toMatchObject({ shown: "q5", shownSince: 44 });
  });

  it("marks the view of one respondent only", () => {
    createAlice();
    store.create(BOB, { respondentId: "r-bob", schoolCode: null, now: NOW });
    store.markShown("r-alice", "consent", { messageId: 7, promptMessageId: 7 });
    expect(store.find(BOB)).toMatchObject({ shown: null, promptMessageId: null, shownSince: null });
  });
});

describe("the database file", () => {
  it("is in WAL mode", () => {
    expect(database.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("enforces foreign keys", () => {
    expect(database.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(() => store.saveAnswer("r-nobody", "q1", "male", NOW)).toThrow();
  });

  it("holds a teacher's address in the contacts table only", () => {
    createAlice("SCH01");
    store.update("r-alice", { language: "kk", stage: "answering", cursor: "q2" }, NOW);
    store.update("r-alice", { lastPrompt: "q1", lastValue: "female" }, NOW);
    store.saveAnswer("r-alice", "q1", "female", NOW);
    store.saveAnswer("r-alice", "q17", "Көбірек практика", NOW);
    store.markShown("r-alice", "q2", { messageId: 99, promptMessageId: 99 });
    store.atomically("tg:5001", () => undefined);

    const tables = database.sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' " +
          "AND name NOT LIKE '__drizzle%'",
      )
      .all() as { name: string }[];
    const holding = tables
      .map(({ name }) => name)
      .filter((name) => {
        const rows = database.sqlite.prepare(`SELECT * FROM "${name}"`).all();
        return JSON.stringify(rows).includes(ALICE.id);
      });
    expect(tables.map(({ name }) => name).sort()).toEqual([
      "aggregate_counts",
      "answers",
      "audit_log",
      "contacts",
      "processed_updates",
      "reminder_jobs",
      "reminder_recipients",
      "respondents",
      "study_end",
    ]);
    expect(holding).toEqual(["contacts"]);
  });
});
