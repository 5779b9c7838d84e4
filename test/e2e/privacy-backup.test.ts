/**
 * Guarantee 8, the chat side: /backup sends an admin a consistent copy of the database, made
 * with SQLite's online backup API while teachers keep answering; anyone else gets nothing;
 * each backup is recorded in the audit log.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import type { ApiCall } from "../support/bot-api-emulator.js";
import type { SimTeacher } from "../support/teacher.js";

const ADMIN = 9_200_001;
const COORDINATOR = 9_200_002;

let rig: LoggedRig;
let scratch: string;
beforeAll(async () => {
  rig = await startLoggedRig({ ADMIN_IDS: String(ADMIN), COORDINATOR_IDS: String(COORDINATOR) });
  scratch = mkdtempSync(join(tmpdir(), "saualnama-backup-test-"));
});
afterAll(async () => {
  await rig.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Sends /backup as `who` and returns the document call it led to, if any. */
async function backupAs(who: SimTeacher): Promise<ApiCall> {
  const since = rig.emu.calls.length;
  rig.emu.sendCommand(who.user, "/backup");
  return rig.emu.waitFor(
    (call) => call.params.chat_id === who.chatId && call.method.startsWith("send"),
    { since, timeoutMs: 10_000 },
  );
}

/** Opens the sent copy as a researcher would and reads what a consistent copy must show. */
function openCopy(call: ApiCall, name: string) {
  const path = join(scratch, name);
  writeFileSync(path, call.files[0]?.bytes ?? Buffer.alloc(0));
  const copy = new Sqlite(path, { readonly: true });
  try {
    const counts = (table: string) =>
      (copy.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      integrity: copy.pragma("integrity_check", { simple: true }),
      foreignKeys: copy.pragma("foreign_key_check"),
      journal: copy.pragma("journal_mode", { simple: true }),
      respondents: counts("respondents"),
      answers: counts("answers"),
      // An answer stored before the cursor moved on: no respondent is ahead of their answers.
      ahead: (
        copy
          .prepare(
            "SELECT COUNT(*) AS n FROM respondents r WHERE r.stage = 'answering' AND r.cursor != 'q1' " +
              "AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.respondent_id = r.id AND a.variable = 'q1')",
          )
          .get() as { n: number }
      ).n,
    };
  } finally {
    copy.close();
  }
}

describe("/backup", () => {
  it("sends a consistent snapshot while teachers are answering", async () => {
    const teachers = Array.from({ length: 8 }, (_, i) => person(rig.emu, 7_340_004_001 + i, "kk"));
    const answering = Promise.all(
      teachers.map(async (teacher) => {
        await teacher.begin("kk");
        await teacher.answerAll();
      }),
    );
    const admin = person(rig.emu, ADMIN, "kk");
    const during = await backupAs(admin);
    await answering;
    expect(during.method).toBe("sendDocument");
    expect(during.response.ok).toBe(true);
    const copy = openCopy(during, "during.db");
    expect(copy).toMatchObject({ integrity: "ok", foreignKeys: [], journal: "delete", ahead: 0 });

    const after = openCopy(await backupAs(admin), "after.db");
    const live = rig.readDb();
    const liveAnswers = (live.prepare("SELECT COUNT(*) AS n FROM answers").get() as { n: number })
      .n;
    live.close();
    expect(after).toMatchObject({ integrity: "ok", answers: liveAnswers });
    expect(after.answers).toBe(8 * 47);
    expect(after.respondents).toBeGreaterThanOrEqual(8);
  });

  it("is an unknown command to coordinators and teachers", async () => {
    for (const id of [COORDINATOR, 7_340_004_001]) {
      const reply = await backupAs(person(rig.emu, id, "kk"));
      expect(reply.method).toBe("sendMessage");
    }
    const documents = rig.emu.callsTo("sendDocument").map((call) => call.params.chat_id);
    expect(new Set(documents)).toEqual(new Set([ADMIN]));
  });

  it("records each backup with the time and the admin", () => {
    const db = rig.readDb();
    const rows = db
      .prepare("SELECT at, actor, detail FROM audit_log WHERE action = 'backup.sent'")
      .all() as { at: number; actor: string; detail: string }[];
    db.close();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.actor).toBe(String(ADMIN));
      expect(row.at).toBeGreaterThan(Date.now() - 600_000);
      expect(JSON.parse(row.detail).bytes).toBeGreaterThan(0);
    }
  });
});
