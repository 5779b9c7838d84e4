/**
 * Pilot mode and the admin's language end to end: marking a teacher as a tester takes their
 * response out of /stats; an admin takes the survey in test mode and can start it over; the
 * admin reads /stats in their own language and switches it with /language like teachers do.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTranslations, type Translations } from "../../src/i18n.js";
import { type AdminRig, latestText, startAdminRig } from "../reports/admin-rig.js";
import { SimTeacher, typicalAnswer } from "../support/teacher.js";

let admin: AdminRig;
let translations: Translations;

beforeAll(async () => {
  admin = await startAdminRig({ seed: { count: 60, seed: 21, testers: 0 }, adminLanguage: "ru" });
  translations = await loadTranslations();
});
afterAll(async () => {
  await admin?.close();
});

const completedLine = (language: "kk" | "ru", count: number) =>
  `${translations.t(language)("admin:overview.completed")}: ${count >= 5 ? count : "< 5"}`;

function tester(id: string): number {
  const db = admin.rig.readDb();
  const row = db.prepare("SELECT tester FROM respondents WHERE id = ?").get(id) as {
    tester: number;
  };
  db.close();
  return row.tester;
}

describe("pilot mode", () => {
  it("speaks the admin's Telegram language until they choose one with /language", async () => {
    const ru = translations.t("ru");
    const text = await admin.command("/stats");
    expect(text).toContain(ru("admin:overview.title"));
  });

  it("marks a teacher as a tester from the list, which takes them out of /stats", async () => {
    const ru = translations.t("ru");
    const finished = admin.seeded.filter((r) => r.stage === "completed");
    const newest = [...admin.seeded].reverse().find((r) => r.stage === "completed");
    if (!newest) throw new Error("the seed has no completed response");

    expect(await admin.command("/stats")).toContain(completedLine("ru", finished.length));
    const list = await admin.command("/tester");
    expect(list).toContain(newest.id);
    await admin.press(ru("admin:pilot.mark", { id: newest.id }));
    expect(tester(newest.id)).toBe(1);
    expect(latestText(admin)).toContain(ru("admin:pilot.tester_mark"));
    expect(await admin.command("/stats")).toContain(completedLine("ru", finished.length - 1));

    admin.rig.emu.sendCommand(admin.admin.user, "/tester", `${newest.id} off`);
    expect(
      (
        await admin.rig.emu.waitFor(
          (c) => c.method === "sendMessage" && String(c.params.text).includes(newest.id),
        )
      ).params.text,
    ).toBe(ru("admin:pilot.unmarked", { id: newest.id }));
    expect(tester(newest.id)).toBe(0);
    admin.rig.emu.sendCommand(admin.admin.user, "/tester", "R-NOBODY on");
    expect(
      (
        await admin.rig.emu.waitFor(
          (c) => c.method === "sendMessage" && String(c.params.text).includes("R-NOBODY"),
        )
      ).params.text,
    ).toBe(ru("admin:pilot.unknown", { id: "R-NOBODY" }));

    const db = admin.rig.readDb();
    const audit = db
      .prepare("SELECT detail FROM audit_log WHERE action = 'tester' ORDER BY id")
      .all() as { detail: string }[];
    db.close();
    expect(audit.map((entry) => JSON.parse(entry.detail))).toEqual([
      { respondent: newest.id, tester: true },
      { respondent: newest.id, tester: false },
    ]);
  });

  it("switches to the language the admin picks with /language, flagging that response", async () => {
    const kk = translations.t("kk");
    await admin.drain();
    await admin.admin.command("/language");
    await admin.admin.pressAndNext("l:kk");
    const teacher = new SimTeacher(admin.rig.emu, { id: 9002, first_name: "Dana" });
    await teacher.begin("kk");

    // Staff are not participants: the admin's new response is a test response, a teacher's is not.
    const db = admin.rig.readDb();
    const flags = db
      .prepare(
        "SELECT c.address, r.tester FROM respondents r JOIN contacts c ON c.respondent_id = r.id WHERE c.address IN (?, ?)",
      )
      .all(String(admin.admin.chatId), "9002") as { address: string; tester: number }[];
    db.close();
    expect(Object.fromEntries(flags.map((f) => [f.address, f.tester]))).toEqual({
      [String(admin.admin.chatId)]: 1,
      "9002": 0,
    });
    expect(await admin.command("/stats")).toContain(kk("admin:overview.title"));
  });

  it("lets the admin take the survey in test mode, left out of /stats, and start it over", async () => {
    const kk = translations.t("kk");
    const finished = admin.seeded.filter((r) => r.stage === "completed").length;
    admin.rig.emu.sendCommand(admin.admin.user, "/pilot");
    await admin.rig.emu.waitFor(
      (c) => c.method === "sendMessage" && c.params.text === kk("admin:pilot.started"),
    );

    await admin.drain();
    await admin.admin.command("/start");
    const first = await admin.admin.pressAndNext("k:y");
    await admin.admin.answerAll(typicalAnswer, first);
    const db = admin.rig.readDb();
    const own = db
      .prepare(
        "SELECT r.id, r.stage, r.tester FROM respondents r JOIN contacts c ON c.respondent_id = r.id WHERE c.address = ?",
      )
      .get(String(admin.admin.chatId)) as { id: string; stage: string; tester: number };
    db.close();
    expect(own).toMatchObject({ stage: "completed", tester: 1 });
    expect(await admin.command("/stats")).toContain(completedLine("kk", finished));

    admin.rig.emu.sendCommand(admin.admin.user, "/pilot");
    await admin.rig.emu.waitFor(
      (c) => c.method === "sendMessage" && c.params.text === kk("admin:pilot.restarted"),
    );
    const after = admin.rig.readDb();
    const reset = after.prepare("SELECT stage FROM respondents WHERE id = ?").get(own.id) as {
      stage: string;
    };
    const answers = after
      .prepare("SELECT COUNT(*) AS n FROM answers WHERE respondent_id = ?")
      .get(own.id) as { n: number };
    after.close();
    expect(reset.stage).toBe("language");
    expect(answers.n).toBe(0);
  });
});
