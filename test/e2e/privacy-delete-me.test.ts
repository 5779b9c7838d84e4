/**
 * Guarantee 6: /delete_me, once confirmed, removes every row about the teacher (respondent,
 * contact, answers, reminder records) from every table, and from the bytes of the database
 * file; other teachers keep theirs. Without a valid confirmation nothing is deleted.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Translate } from "../../src/i18n.js";
import { person, rowCounts, tablesMentioning, translators } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import type { ChatMessage } from "../support/bot-api-emulator.js";
import { type SimTeacher, typicalAnswer } from "../support/teacher.js";

let rig: LoggedRig;
let t: { kk: Translate; ru: Translate };
beforeAll(async () => {
  rig = await startLoggedRig();
  t = await translators();
});
afterAll(() => rig.close());

const SECRET = "Құпия жауап SECRET-98765";
const KEPT = "Сақталатын жауап KEPT-12345";

function respondentOf(chatId: number): string | undefined {
  const db = rig.readDb();
  const row = db
    .prepare("SELECT respondent_id AS id FROM contacts WHERE address = ?")
    .get(String(chatId)) as { id: string } | undefined;
  db.close();
  return row?.id;
}

/** A finished reminder job that reached `respondentIds`, as the reminders feature stores it. */
function recordReminder(respondentIds: string[]): void {
  const { sqlite } = rig.app.database;
  const job = sqlite
    .prepare(
      "INSERT INTO reminder_jobs (kind, segment, status, created_by, created_at) " +
        "VALUES ('manual', 'in_progress', 'done', '42', 0) RETURNING id",
    )
    .get() as { id: number };
  const recipient = sqlite.prepare(
    "INSERT INTO reminder_recipients (job_id, respondent_id, status) VALUES (?, ?, 'sent')",
  );
  for (const id of respondentIds) recipient.run(job.id, id);
}

/** The database file and its log, as bytes: deleted text must not linger in either. */
function fileBytes(): string {
  const read = (path: string) => {
    try {
      return readFileSync(path).toString("latin1");
    } catch {
      return "";
    }
  };
  return read(rig.dbPath) + read(`${rig.dbPath}-wal`);
}

const utf8 = (text: string) => Buffer.from(text, "utf8").toString("latin1");

/** Presses a button of the confirmation and returns its text once the bot has rewritten it. */
async function pressOn(teacher: SimTeacher, confirm: ChatMessage, data: string): Promise<string> {
  const since = rig.emu.calls.length;
  await teacher.press(data, confirm);
  const edit = await rig.emu.waitFor(
    (call) => call.method === "editMessageText" && call.params.message_id === confirm.message_id,
    { since },
  );
  return String(edit.params.text);
}

async function askToDelete(teacher: SimTeacher): Promise<ChatMessage> {
  const confirm = await teacher.command("/delete_me");
  expect(confirm.text).toBe(t.kk("privacy:delete_me.confirm"));
  return confirm;
}

describe("/delete_me", () => {
  let aigul: SimTeacher;
  let bota: SimTeacher;
  let aigulId: string;
  let botaId: string;

  beforeAll(async () => {
    aigul = person(rig.emu, 7_340_002_001, "kk");
    await aigul.begin("kk");
    await aigul.answerAll((id) => (id === "q17" ? { text: SECRET } : typicalAnswer(id)));
    bota = person(rig.emu, 7_340_002_002, "kk");
    await bota.begin("kk");
    await bota.answerAll((id) => (id === "q17" ? { text: KEPT } : typicalAnswer(id)));
    aigulId = respondentOf(aigul.chatId) ?? "";
    botaId = respondentOf(bota.chatId) ?? "";
    recordReminder([aigulId, botaId]);
  });

  it("deletes nothing when the teacher keeps their data", async () => {
    const before = rowCounts(rig.readDb());
    const confirm = await askToDelete(aigul);
    const code = /pv:e:(\w+)/.exec(JSON.stringify(confirm.reply_markup))?.[1];
    expect(await pressOn(aigul, confirm, "pv:k")).toBe(t.kk("privacy:delete_me.kept"));
    // The kept confirmation cannot be pressed into a deletion afterwards.
    const answer = await aigul.press(`pv:e:${code}`, confirm);
    expect(answer).toBe(t.kk("privacy:delete_me.expired"));
    const db = rig.readDb();
    expect(rowCounts(db)).toMatchObject({
      respondents: before.respondents,
      answers: before.answers,
      contacts: before.contacts,
    });
    db.close();
  });

  it("refuses forged confirmations: a made-up code, or another chat's press", async () => {
    const forged = await bota.press("pv:e:0123abcd", bota.latest());
    expect(forged).toBe(t.kk("privacy:delete_me.expired"));

    const confirm = await askToDelete(aigul);
    const code = /pv:e:(\w+)/.exec(JSON.stringify(confirm.reply_markup))?.[1];
    const update = rig.emu.pushUpdate({
      callback_query: {
        id: "9000000000000001",
        from: { id: bota.chatId, is_bot: false, first_name: "Bota" },
        message: confirm.raw,
        chat_instance: "1",
        data: `pv:e:${code}`,
      },
    });
    await rig.emu.waitFor(
      (call) =>
        call.method === "answerCallbackQuery" &&
        call.params.callback_query_id === update.callback_query?.id,
      { since: 0 },
    );
    expect(respondentOf(aigul.chatId)).toBe(aigulId);
    expect(respondentOf(bota.chatId)).toBe(botaId);
  });

  it("removes every row about the teacher, everywhere, and the bytes from the file", async () => {
    expect(fileBytes()).toContain(utf8(SECRET));
    const confirm = await askToDelete(aigul);
    const code = /pv:e:(\w+)/.exec(JSON.stringify(confirm.reply_markup))?.[1];
    expect(await pressOn(aigul, confirm, `pv:e:${code}`)).toBe(t.kk("privacy:delete_me.done"));

    const db = rig.readDb();
    expect(tablesMentioning(db, [aigulId, String(aigul.chatId), SECRET])).toEqual([]);
    // The other teacher keeps everything, their reminder record included.
    expect(tablesMentioning(db, [botaId])).toEqual(
      expect.arrayContaining(["respondents", "contacts", "answers", "reminder_recipients"]),
    );
    const kept = db
      .prepare("SELECT COUNT(*) AS n FROM answers WHERE respondent_id = ?")
      .get(botaId);
    expect(kept).toEqual({ n: 47 });
    db.close();

    const bytes = fileBytes();
    expect(bytes).not.toContain(utf8(SECRET));
    expect(bytes).not.toContain(aigulId);
    expect(bytes).not.toContain(String(aigul.chatId));
    expect(bytes).toContain(utf8(KEPT));
    expect(bytes).toContain(botaId);
  });

  it("starts afresh when the teacher writes again", async () => {
    const reply = await aigul.command("/start");
    expect(reply.text).toBe(t.kk("bot:language.choose"));
    const fresh = respondentOf(aigul.chatId);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(aigulId);
  });
});
