/**
 * Guarantees 7 and 8: an admin ends the study with two confirmations; the bot sends the final
 * archive, then purges every piece of personal data (tables, backups, file bytes), keeps only
 * aggregate counts, records each step in the audit log, and takes no new answers.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Translate } from "../../src/i18n.js";
import { backupToFolder } from "../../src/privacy/backup.js";
import { identifiers, person, rowCounts, translators } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import type { ChatMessage } from "../support/bot-api-emulator.js";
import { type SimTeacher, typicalAnswer } from "../support/teacher.js";

const ADMIN = 9_100_001;
const COORDINATOR = 9_100_002;
const SECRET = "Соңғы жауап FINAL-55555";

let rig: LoggedRig;
let t: { kk: Translate; ru: Translate };
let folder: string;
let backups: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "saualnama-end-study-"));
  backups = join(folder, "backups");
  mkdirSync(backups, { recursive: true });
  rig = await startLoggedRig({
    ADMIN_IDS: String(ADMIN),
    COORDINATOR_IDS: String(COORDINATOR),
    BACKUP_DIR: backups,
  });
  t = await translators();
});
afterAll(async () => {
  await rig.close();
  rmSync(folder, { recursive: true, force: true });
});

const codeOf = (message: ChatMessage, step: 1 | 2) =>
  new RegExp(`pv:${step}:(\\w+)`).exec(JSON.stringify(message.reply_markup))?.[1] ?? "";

function count(sql: string): number {
  const db = rig.readDb();
  const row = db.prepare(sql).get() as { n: number };
  db.close();
  return row.n;
}

/** Presses and returns the pressed message's text once the bot has rewritten it. */
async function pressOn(who: SimTeacher, message: ChatMessage, data: string): Promise<string> {
  const since = rig.emu.calls.length;
  await who.press(data, message);
  const edit = await rig.emu.waitFor(
    (call) => call.method === "editMessageText" && call.params.message_id === message.message_id,
    { since },
  );
  return String(edit.params.text);
}

describe("/end_study", () => {
  let admin: SimTeacher;
  let teachers: SimTeacher[];

  beforeAll(async () => {
    admin = person(rig.emu, ADMIN, "kk");
    const aigul = person(rig.emu, 7_340_003_001, "kk");
    await aigul.begin("kk", undefined);
    await aigul.answerAll((id) => (id === "q17" ? { text: SECRET } : typicalAnswer(id)));
    const ivan = person(rig.emu, 7_340_003_002, "ru");
    await ivan.begin("ru");
    await ivan.answer("q1", { press: "male" });
    const dana = person(rig.emu, 7_340_003_003, "kk");
    await dana.command("/start");
    await dana.pressAndNext("l:kk");
    await dana.pressAndNext("k:n");
    teachers = [aigul, ivan, dana];
    await backupToFolder(rig.app.database, backups, 7, Date.now());
  });

  it("is refused to coordinators and teachers: nothing offered, nothing recorded", async () => {
    for (const id of [COORDINATOR, 7_340_003_001]) {
      const someone = person(rig.emu, id, "kk");
      await someone.command("/end_study");
      const offered = rig.emu
        .botMessages(id)
        .some((message) => JSON.stringify(message.reply_markup ?? {}).includes("pv:"));
      expect(offered).toBe(false);
    }
    const aigul = teachers[0];
    expect(aigul?.latest().text).toContain(t.kk("bot:notice.unknown_command"));
    expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'end_study%'")).toBe(0);
  });

  it("cancels without a change", async () => {
    const personal = () => {
      const { respondents, contacts, answers } = rowCounts(rig.readDb());
      return { respondents, contacts, answers };
    };
    const before = personal();
    const step1 = await admin.command("/end_study");
    expect(await pressOn(admin, step1, "pv:c")).toBe(t.kk("privacy:end_study.cancelled"));
    expect(personal()).toEqual(before);
  });

  it("needs both confirmations, each with its own code, from the admin", async () => {
    const step1 = await admin.command("/end_study");
    expect(step1.text).toContain(String(48));
    const first = codeOf(step1, 1);
    // The second step cannot be reached without the first, nor with a made-up code.
    expect(await admin.press(`pv:2:${first}`, step1)).toBe(t.kk("privacy:end_study.expired"));
    expect(await admin.press("pv:1:0badc0de", step1)).toBe(t.kk("privacy:end_study.expired"));
    // A fresh /end_study makes the older message's code worthless.
    const again = await admin.command("/end_study");
    expect(await admin.press(`pv:1:${first}`, step1)).toBe(t.kk("privacy:end_study.expired"));

    const step2Text = await pressOn(admin, again, `pv:1:${codeOf(again, 1)}`);
    // The three teachers, and the coordinator whose message above started a response.
    expect(step2Text).toBe(t.kk("privacy:end_study.step2", { respondents: 4, answers: 48 }));
    const second = codeOf(again, 2);
    expect(second).not.toBe("");

    // A teacher who learnt the code and forges the press gets nothing.
    const aigul = teachers[0];
    if (!aigul) throw new Error("no teacher");
    await aigul.press(`pv:2:${second}`, aigul.latest());
    expect(count("SELECT COUNT(*) AS n FROM answers")).toBe(48);
    expect(rig.emu.callsTo("sendDocument")).toHaveLength(0);

    // The admin's second confirmation: the archive, then the purge.
    await pressOn(admin, again, `pv:2:${second}`);
    await rig.emu.waitFor(
      (call) =>
        call.method === "sendMessage" &&
        call.params.chat_id === ADMIN &&
        String(call.params.text).startsWith(t.kk("privacy:end_study.done").slice(0, 15)),
      { since: 0, timeoutMs: 20_000 },
    );
  });

  it("sent a final archive of every response, by pseudonymous id only", async () => {
    const [sent] = rig.emu.callsTo("sendDocument");
    expect(sent?.params.chat_id).toBe(ADMIN);
    const zip = await JSZip.loadAsync(sent?.files[0]?.bytes ?? Buffer.alloc(0));
    const names = Object.keys(zip.files).sort();
    expect(names.some((name) => name.endsWith(".xlsx"))).toBe(true);
    expect(names.some((name) => name.endsWith(".sps"))).toBe(true);
    expect(names).toContain("aggregate-counts.csv");
    const csvName = names.find((name) => /^saualnama-[\d-]+-all-testers\.csv$/.test(name)) ?? "";
    const csv = (await zip.file(csvName)?.async("string")) ?? "";
    expect(csv).toContain(SECRET);
    const texts = await Promise.all(
      names.filter((n) => !n.endsWith(".xlsx")).map((n) => zip.file(n)?.async("string")),
    );
    for (const teacher of teachers) {
      for (const id of identifiers(teacher.user)) {
        for (const text of texts) expect(text).not.toContain(id);
      }
    }
  });

  it("purged all personal data and kept only aggregate counts", () => {
    const db = rig.readDb();
    const counts = rowCounts(db);
    expect(counts).toMatchObject({ respondents: 0, contacts: 0, answers: 0 });
    expect(counts.reminder_recipients ?? 0).toBe(0);
    const stages = db
      .prepare("SELECT value, count FROM aggregate_counts WHERE variable = 'stage' ORDER BY value")
      .all();
    expect(stages).toEqual([
      { value: "answering", count: 1 },
      { value: "completed", count: 1 },
      { value: "declined", count: 1 },
      // The coordinator who typed /end_study is staff: their response is a test, not counted.
    ]);
    const q17 = db
      .prepare("SELECT value, count FROM aggregate_counts WHERE variable = 'q17'")
      .all();
    expect(q17).toEqual([{ value: "answered", count: 1 }]);
    const q7 = db
      .prepare("SELECT value FROM aggregate_counts WHERE variable = 'q7' ORDER BY value")
      .all();
    expect(q7).toEqual([{ value: "a" }, { value: "c" }]);
    expect(db.prepare("SELECT respondents, answers FROM study_end").get()).toEqual({
      respondents: 4,
      answers: 48,
    });
    db.close();

    const bytes = readFileSync(rig.dbPath).toString("latin1");
    expect(bytes).not.toContain(Buffer.from(SECRET).toString("latin1"));
    for (const teacher of teachers) expect(bytes).not.toContain(String(teacher.chatId));
    expect(readdirSync(backups)).toEqual([]);
  });

  it("recorded every step in the audit log with the time and the admin", () => {
    const db = rig.readDb();
    const rows = db
      .prepare("SELECT at, actor, action, detail FROM audit_log ORDER BY id")
      .all() as {
      at: number;
      actor: string;
      action: string;
      detail: string | null;
    }[];
    db.close();
    const ending = rows.filter((row) => row.action.startsWith("end_study."));
    expect(ending.map((row) => row.action)).toEqual([
      "end_study.requested",
      "end_study.cancelled",
      "end_study.requested",
      "end_study.requested",
      "end_study.confirmed_once",
      "end_study.archive_sent",
      "end_study.purged",
    ]);
    for (const row of ending) {
      expect(row.actor).toBe(String(ADMIN));
      expect(row.at).toBeGreaterThan(Date.now() - 600_000);
    }
    expect(JSON.parse(ending.at(-1)?.detail ?? "{}")).toMatchObject({
      respondents: 4,
      answers: 48,
      backups: 1,
    });
  });

  it("takes no new answers afterwards, and says so", async () => {
    const newcomer = person(rig.emu, 7_340_003_009, "ru");
    const reply = await newcomer.command("/start");
    expect(reply.text).toBe(t.ru("privacy:study_ended"));
    const returning = teachers[1];
    if (!returning) throw new Error("no teacher");
    expect((await returning.say("12")).text).toBe(t.ru("privacy:study_ended"));
    expect(count("SELECT COUNT(*) AS n FROM respondents")).toBe(0);
    const since = rig.emu.calls.length;
    rig.emu.sendCommand(admin.user, "/end_study");
    const already = await rig.emu.waitFor(
      (call) => call.method === "sendMessage" && call.params.chat_id === ADMIN,
      { since },
    );
    expect(already.params.text).toBe(t.kk("privacy:end_study.already"));
  });

  it("stores no staff response afterwards either: no pilot, no survey", async () => {
    /** The bot's reply to what `who` sends now. */
    const replyTo = async (who: SimTeacher, text: string) => {
      const since = rig.emu.calls.length;
      rig.emu.sendText(who.user, text);
      const reply = await rig.emu.waitFor(
        (call) => call.method === "sendMessage" && call.params.chat_id === who.chatId,
        { since, description: `the reply to ${text}` },
      );
      return reply.params.text;
    };
    expect(await replyTo(admin, "/pilot")).toBe(t.kk("privacy:study_ended"));
    expect(await replyTo(admin, "/start")).toBe(t.kk("privacy:study_ended"));
    const coordinator = person(rig.emu, COORDINATOR, "ru");
    expect(await replyTo(coordinator, "привет")).toBe(t.ru("privacy:study_ended"));
    expect(count("SELECT COUNT(*) AS n FROM respondents")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM contacts")).toBe(0);
    // Their own commands still work: a backup of what remains.
    const since = rig.emu.calls.length;
    rig.emu.sendCommand(admin.user, "/backup");
    await rig.emu.waitFor(
      (call) => call.method === "sendDocument" && call.params.chat_id === ADMIN,
      { since, description: "the backup" },
    );
  });
});
