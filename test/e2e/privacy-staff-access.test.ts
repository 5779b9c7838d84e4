/**
 * Guarantee 4: admin and coordinator commands are refused to everyone else whatever they type
 * or forge. Every staff command and every button the staff menus ever showed is replayed by a
 * teacher (and the admin's by a coordinator): nothing is sent, changed or revealed, and a
 * teacher never sees another teacher's answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Translate } from "../../src/i18n.js";
import { rowCounts, translators } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import { type Crawl, crawlStaffMenus, settle } from "../privacy/staff-crawl.js";
import type { ApiCall } from "../support/bot-api-emulator.js";
import { SimTeacher, typicalAnswer } from "../support/teacher.js";

const ADMIN = 9_500_001;
const COORDINATOR = 9_500_002;
const SECRET = "Басқа мұғалімнің жауабы OTHER-77777";

let rig: LoggedRig;
let t: { kk: Translate; ru: Translate };
let admin: Crawl;
let coordinator: Crawl;
let adminCommands: string[];
let coordinatorCommands: string[];
let aigul: SimTeacher;
let other: SimTeacher;

const menuOf = (id: number, everyone: string[]) =>
  (rig.emu.myCommands({ type: "chat", chat_id: id }, "kk")?.commands ?? [])
    .map((command) => command.command)
    .filter((command) => !everyone.includes(command));

beforeAll(async () => {
  rig = await startLoggedRig({ ADMIN_IDS: String(ADMIN), COORDINATOR_IDS: String(COORDINATOR) });
  t = await translators();
  aigul = new SimTeacher(rig.emu, { id: 7_340_007_001, first_name: "Aigul", language_code: "kk" });
  other = new SimTeacher(rig.emu, { id: 7_340_007_002, first_name: "Other", language_code: "kk" });
  for (const teacher of [aigul, other]) {
    await teacher.begin("kk");
    await teacher.answerAll((id) =>
      id === "q17" && teacher === other ? { text: SECRET } : typicalAnswer(id),
    );
  }

  const everyone = (rig.emu.myCommands({ type: "default" }, "kk")?.commands ?? []).map(
    (command) => command.command,
  );
  adminCommands = menuOf(ADMIN, everyone);
  coordinatorCommands = menuOf(COORDINATOR, everyone);
  // The crawl shows every menu, /end_study's confirmation included, but presses none of those.
  const skip = (data: string) => data.startsWith("pv:");
  admin = await crawlStaffMenus(
    rig.emu,
    new SimTeacher(rig.emu, { id: ADMIN, first_name: "Admin", language_code: "kk" }),
    adminCommands,
    t.kk,
    { skip, maxPresses: 60 },
  );
  coordinator = await crawlStaffMenus(
    rig.emu,
    new SimTeacher(rig.emu, { id: COORDINATOR, first_name: "Coord", language_code: "kk" }),
    coordinatorCommands,
    t.kk,
    { skip, maxPresses: 30 },
  );
}, 120_000);
afterAll(() => rig.close());

/** The state a refused attempt must leave as it was. */
function protectedState() {
  const db = rig.readDb();
  try {
    const counts = rowCounts(db);
    return {
      counts: { ...counts, processed_updates: 0, respondents: 0, contacts: 0 },
      testers: db.prepare("SELECT id, tester FROM respondents ORDER BY id").all(),
      answers: db.prepare("SELECT * FROM answers ORDER BY respondent_id, variable").all(),
    };
  } finally {
    db.close();
  }
}

/** Types every staff command (plain, addressed to the bot, with arguments) as `who`. */
function typeCommands(who: SimTeacher, commands: readonly string[]): void {
  for (const command of commands) {
    for (const text of [`/${command}`, `/${command}@${rig.emu.me.username}`, `/${command} all 1`]) {
      rig.emu.sendText(who.user, text);
    }
  }
}

/** Presses every button data as `who`, on the newest message of their own chat. */
function forgePresses(who: SimTeacher, data: Iterable<string>): void {
  const target = who.latest();
  for (const value of data) rig.emu.pressButton(who.user, target, value, { unchecked: true });
}

function sentTo(chatId: number, since: number): ApiCall[] {
  return rig.emu.calls.slice(since).filter((call) => call.params.chat_id === chatId);
}

describe("staff commands and buttons", () => {
  it("were all seen by the crawl", () => {
    expect(adminCommands).toEqual(
      expect.arrayContaining(["stats", "export", "backup", "end_study"]),
    );
    expect(coordinatorCommands).toContain("remind");
    expect(admin.buttonData.size).toBeGreaterThan(10);
    expect([...admin.buttonData].some((data) => data.startsWith("pv:1:"))).toBe(true);
    expect(coordinator.buttonData.size).toBeGreaterThan(0);
  });

  it("do nothing for a teacher, whatever they type or forge", async () => {
    const before = protectedState();
    const since = rig.emu.calls.length;
    typeCommands(aigul, [...adminCommands, ...coordinatorCommands]);
    forgePresses(aigul, [...admin.buttonData, ...coordinator.buttonData]);
    await settle(aigul, t.kk);

    const calls = sentTo(aigul.chatId, since);
    expect(calls.filter((call) => /^send(Document|Photo)/.test(call.method))).toEqual([]);
    const texts = calls.map((call) => String(call.params.text ?? ""));
    const allowed = new Set([
      t.kk("bot:notice.unknown_command"),
      t.kk("bot:end.already_completed"),
    ]);
    // The replies to the closing /my_data: the teacher's own data.
    const ownData = (text: string) =>
      text.startsWith(t.kk("privacy:my_data.title", { id: "" }).slice(0, 20)) ||
      text.includes(t.kk("privacy:my_data.footer")) ||
      /^\d+\. |^• /m.test(text);
    expect(texts.filter((text) => !allowed.has(text) && !ownData(text))).toEqual([]);
    const answered = rig.emu
      .callsTo("answerCallbackQuery")
      .slice(-[...admin.buttonData, ...coordinator.buttonData].length)
      .map((call) => call.params.text ?? "");
    expect(new Set(answered)).toEqual(new Set([t.kk("bot:notice.stale_button")]));
    expect(protectedState()).toEqual(before);
  });

  it("admin commands and buttons do nothing for a coordinator", async () => {
    const coordinatorUser = new SimTeacher(rig.emu, { id: COORDINATOR, language_code: "kk" });
    // A coordinator may take the survey like anyone; their response exists before the replay.
    rig.emu.sendCommand(coordinatorUser.user, "/start");
    await settle(coordinatorUser, t.kk);
    const before = protectedState();
    const since = rig.emu.calls.length;
    const adminOnly = adminCommands.filter((command) => !coordinatorCommands.includes(command));
    typeCommands(coordinatorUser, adminOnly);
    forgePresses(
      coordinatorUser,
      [...admin.buttonData].filter((data) => !coordinator.buttonData.has(data)),
    );
    await settle(coordinatorUser, t.kk);
    const calls = sentTo(COORDINATOR, since);
    expect(calls.filter((call) => /^send(Document|Photo)/.test(call.method))).toEqual([]);
    expect(protectedState()).toEqual(before);
  });

  it("a teacher never sees another teacher's answers", () => {
    const toAigul = rig.emu.calls
      .filter((call) => call.params.chat_id === aigul.chatId)
      .map((call) => JSON.stringify(call.params))
      .join("\n");
    expect(toAigul).not.toContain(SECRET);
    const db = rig.readDb();
    const otherId = (
      db
        .prepare("SELECT respondent_id AS id FROM contacts WHERE address = ?")
        .get(String(other.chatId)) as { id: string }
    ).id;
    db.close();
    expect(toAigul).not.toContain(otherId);
  });
});
