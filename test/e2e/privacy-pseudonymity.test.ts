/**
 * Guarantee 5: every staff output (/stats with all its menus and charts' captions, /export in
 * every format, reminder dialogs) and the log carry no Telegram id, name or username of any
 * teacher; the log carries no answer text and never the token, also when Telegram refuses a
 * call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Translate } from "../../src/i18n.js";
import { identifiers, translators } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import { type Crawl, crawlStaffMenus } from "../privacy/staff-crawl.js";
import { SimTeacher, typicalAnswer } from "../support/teacher.js";

const ADMIN = 9_400_001;
const COORDINATOR = 9_400_002;

let rig: LoggedRig;
let t: { kk: Translate; ru: Translate };
let teachers: SimTeacher[];
let admin: Crawl;
let coordinator: Crawl;

const NAMES = ["Әйгерім", "Нұрлан 🌟", "Ғалия", "Ұлжан", "Сергей", "Өмірзақ", "ليلى"];
const answerOf = (index: number) => `Менің жауабым ANSWER-${index}`;

beforeAll(async () => {
  rig = await startLoggedRig(
    { ADMIN_IDS: String(ADMIN), COORDINATOR_IDS: String(COORDINATOR) },
    { token: "987654:Secr3tT0kenOfTheStudyBot" },
  );
  t = await translators();
  teachers = NAMES.map(
    (name, index) =>
      new SimTeacher(rig.emu, {
        id: 7_340_006_001 + index,
        first_name: name,
        last_name: `Тегі${index}`,
        username: `teacher_${index}_kz`,
        language_code: index % 2 === 0 ? "kk" : "ru",
      }),
  );
  await Promise.all(
    teachers.map(async (teacher, index) => {
      await teacher.begin(index % 2 === 0 ? "kk" : "ru");
      await teacher.answerAll((id) =>
        id === "q17" ? { text: answerOf(index) } : typicalAnswer(id),
      );
    }),
  );

  // Telegram refuses a call: a teacher blocked the bot, then writes (the client can still send).
  const blocked = teachers[0];
  if (!blocked) throw new Error("no teacher");
  rig.emu.blockChat(blocked.chatId);
  rig.emu.sendText(blocked.user, "сәлем");
  await rig.emu.waitFor((call) => call.params.chat_id === blocked.chatId && !call.response.ok, {
    since: 0,
  });

  const everyone = (rig.emu.myCommands({ type: "default" }, "kk")?.commands ?? []).map(
    (command) => command.command,
  );
  const menu = (id: number) =>
    (rig.emu.myCommands({ type: "chat", chat_id: id }, "kk")?.commands ?? [])
      .map((command) => command.command)
      // The backup is a full copy of the database for admins by design; the end of the study
      // is tested on its own (its archive is checked there).
      .filter(
        (command) => !everyone.includes(command) && !["backup", "end_study"].includes(command),
      );
  const skip = (data: string) => data.startsWith("pv:");
  admin = await crawlStaffMenus(
    rig.emu,
    new SimTeacher(rig.emu, { id: ADMIN, first_name: "Admin", language_code: "kk" }),
    menu(ADMIN),
    t.kk,
    { skip, maxPresses: 80 },
  );
  coordinator = await crawlStaffMenus(
    rig.emu,
    new SimTeacher(rig.emu, { id: COORDINATOR, first_name: "Coord", language_code: "ru" }),
    menu(COORDINATOR),
    t.ru,
    { skip, maxPresses: 30 },
  );
}, 120_000);
afterAll(() => rig.close());

describe("staff outputs", () => {
  it("were explored: statistics, charts and exports in every format", () => {
    expect(admin.presses).toBeGreaterThan(10);
    const names = admin.files.map((file) => file.name);
    expect(names.some((name) => name.endsWith(".xlsx"))).toBe(true);
    expect(names.some((name) => name.endsWith(".csv"))).toBe(true);
    expect(names.some((name) => name.endsWith(".sps"))).toBe(true);
    // The exports hold the answers (so a name in them would be found too).
    const exported = admin.files.map((file) => file.text).join("\n");
    for (const index of teachers.keys()) expect(exported).toContain(answerOf(index));
    expect(coordinator.texts.length).toBeGreaterThan(0);
  });

  it("name no teacher: no Telegram id, name or username", () => {
    const everything = [
      ...admin.texts,
      ...admin.files.map((file) => file.text),
      ...coordinator.texts,
      ...coordinator.files.map((file) => file.text),
    ].join("\n");
    for (const teacher of teachers) {
      for (const id of identifiers(teacher.user)) expect(everything).not.toContain(id);
    }
  });
});

describe("the log", () => {
  it("holds no id, name, username or answer of a teacher, and never the token", () => {
    const log = rig.log.join("\n");
    expect(rig.log.length).toBeGreaterThan(100);
    // The refused call was logged, as an error without the token.
    expect(log).toContain("update failed");
    expect(log).toContain("403");
    for (const [index, teacher] of teachers.entries()) {
      for (const id of identifiers(teacher.user)) expect(log).not.toContain(id);
      expect(log).not.toContain(answerOf(index));
    }
    expect(log).not.toContain(rig.emu.token);
    expect(log).not.toContain(rig.emu.token.split(":")[1]);
  });

  it("messages to anyone never carry the token", () => {
    const sent = rig.emu.calls.map((call) => JSON.stringify(call.params)).join("\n");
    expect(sent).not.toContain(rig.emu.token.split(":")[1]);
  });
});
