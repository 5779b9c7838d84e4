/**
 * /stats end to end: an admin reads the overview, a question, a filtered question and a chart
 * through the Bot API emulator, and every figure equals one computed here, independently,
 * from the seeded responses. Teachers get nothing from the admin commands.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTranslations, type Translate } from "../../src/i18n.js";
import { defaultFilter, type ReportFilter } from "../../src/reports/filter.js";
import { type NumberFormat, numberFormat } from "../../src/reports/format.js";
import { type AdminRig, latestText, startAdminRig } from "../reports/admin-rig.js";
import { admitted, counted, mean, quantile, valueCounts } from "../reports/expected.js";
import { readPng } from "../reports/png.js";
import { isBotMessage } from "../support/bot-api-emulator.js";
import { SimTeacher } from "../support/teacher.js";

let admin: AdminRig;
let t: Translate;
let fmt: NumberFormat;

beforeAll(async () => {
  admin = await startAdminRig({ extraSchools: 140, seed: { count: 240, seed: 11, testers: 0.04 } });
  t = (await loadTranslations()).t("kk");
  fmt = numberFormat("kk", t);
});
afterAll(async () => {
  await admin?.close();
});

/** The text the bot shows for a count: exact from five, "< 5" below. */
const cell = (count: number) => (count >= 5 ? fmt.count(count) : "< 5");

/** Expected lines of an option-by-option question view. */
function optionLines(
  variable: string,
  codes: string[],
  label: (code: string) => string,
  filter: ReportFilter,
) {
  const counts = valueCounts(admin.seeded, variable, filter);
  const n = [...counts.values()].reduce((a, b) => a + b, 0);
  const lines = codes.map((code) => {
    const count = counts.get(code) ?? 0;
    return `${label(code)}: ${count >= 5 ? `${fmt.count(count)} (${fmt.percent(count, n)})` : "< 5"}`;
  });
  const values = admin.seeded
    .filter((r) => counted(r, filter) && r.answers.has(variable))
    .map((r) => Number(r.answers.get(variable)));
  return { n, lines, values };
}

describe("/stats for an admin", () => {
  it("shows the overview with exactly the seeded counts, split under 4096 characters", async () => {
    const since = admin.rig.emu.calls.length;
    const text = await admin.command("/stats");
    const parts = admin.rig.emu.calls
      .slice(since)
      .filter((call) => isBotMessage(call, admin.admin.chatId))
      .map((call) => String(call.params.text));
    // 146 schools make the overview longer than one message.
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);

    const people = admin.seeded.filter((r) => admitted(r, defaultFilter));
    const stage = (name: string) => people.filter((r) => r.stage === name).length;
    const consented = people.filter((r) => r.consentedAt !== null).length;
    const completed = stage("completed");
    const durations = people
      .filter((r) => r.stage === "completed")
      .map((r) => ((r.completedAt ?? 0) - (r.consentedAt ?? 0)) / 1000);
    const expected = [
      `${t("admin:overview.started")}: ${cell(people.length)}`,
      `${t("admin:overview.consented")}: ${cell(consented)}`,
      `${t("admin:overview.declined")}: ${cell(stage("declined"))}`,
      `${t("admin:overview.answering")}: ${cell(stage("answering"))}`,
      `${t("admin:overview.completed")}: ${cell(completed)}`,
      `${t("admin:overview.completion_rate")}: ${fmt.percent(completed, consented)}`,
      `${t("admin:overview.median_time")}: ${fmt.duration(quantile(durations, 0.5))}`,
    ];
    for (const line of expected) expect(text).toContain(line);
    expect(people.length).toBeLessThan(admin.seeded.length); // testers are left out

    const districts = valueCounts(admin.seeded, "q3", defaultFilter);
    for (const code of ["enbekshi", "zhambyl", "konaev", "talgar", "ile", "karasay"]) {
      expect(text).toContain(
        `  ${t(`survey:q3.options.${code}`)}: ${cell(districts.get(code) ?? 0)}`,
      );
    }
    const bySchool = admin.seeded.filter(
      (r) => counted(r, defaultFilter) && r.schoolCode === "SCH01",
    ).length;
    expect(text).toContain(
      `  SCH01 №1 мектеп-гимназия: ${cell(bySchool)} / 60 (${fmt.percent(bySchool, 60)})`,
    );
    expect(text).toContain("  X001 Қосымша мектеп 1: < 5 / 10");
  });

  it("shows a question with exact counts, shares, mean and median", async () => {
    const reply = { text: await admin.command("/stats", "q8") };
    const { n, lines, values } = optionLines(
      "q8",
      ["1", "2", "3", "4"],
      (c) => t(`survey:q8.options.${c}`),
      defaultFilter,
    );
    expect(reply.text).toContain(`${t("admin:question.answered", { n: cell(n) })}`);
    for (const line of lines) expect(reply.text).toContain(line);
    expect(reply.text).toContain(
      t("admin:question.summary", {
        mean: fmt.decimal(mean(values), 2),
        median: fmt.decimal(quantile(values, 0.5), 1),
      }),
    );
  });

  it("narrows a question by district through the menu, and hides cells under five", async () => {
    await admin.command("/stats");
    await admin.press(t("admin:menu.questions"));
    await admin.press("14");
    await admin.press(t("admin:menu.filter"));
    await admin.press(t("admin:menu.district", { value: t("admin:menu.any") }));
    await admin.press(t("survey:q3.options.konaev"));
    await admin.press(t("admin:menu.show"));

    const filter: ReportFilter = { ...defaultFilter, district: "konaev" };
    const text = latestText(admin);
    expect(text).toContain("Сұрақ 14 / 22");
    expect(text).toContain(t("survey:q3.options.konaev"));
    const { n, lines } = optionLines(
      "q14",
      ["1", "2", "3", "4", "5"],
      (c) => t(`survey:q14.options.${c}`),
      filter,
    );
    const everyone = optionLines("q14", ["1"], () => "", defaultFilter).n;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(everyone);
    expect(text).toContain(t("admin:question.answered", { n: cell(n) }));
    for (const line of lines) expect(text).toContain(line);
    // The seeded data is skewed: the lowest option is rare, so this district has a small cell.
    expect(lines.some((line) => line.endsWith(": < 5"))).toBe(true);
  });

  it("sends a chart with sendPhoto: a valid PNG of the documented size, not blank", async () => {
    await admin.command("/stats", "19");
    const calls = await admin.press(t("admin:menu.chart"));
    const photo = calls.find((call) => call.method === "sendPhoto");
    expect(photo?.response.ok).toBe(true);
    const file = photo?.files[0];
    expect(file?.field).toBe("photo");
    const png = readPng(file?.bytes ?? Buffer.alloc(0));
    const ownRow = valueCounts(admin.seeded, "q19_10", defaultFilter);
    const rows = 9 + ([...ownRow.values()].reduce((a, b) => a + b, 0) >= 5 ? 1 : 0);
    expect([png.width, png.height]).toEqual([1200, 150 + rows * 64 + 110]);
    expect(png.ink).toBeGreaterThan(0.15);
    expect(String(photo?.params.caption)).toContain("Сұрақ 19 / 22");
  });

  it("shows scale reliability and data-quality flags", async () => {
    await admin.command("/stats");
    await admin.press(t("admin:menu.reliability"));
    const text = latestText(admin);
    expect(text).toContain(t("admin:reliability.alpha_heading"));
    expect(text).toMatch(/Сұрақ 22 \(6 тармақ\): α = -?\d/);
  });

  it("never shows a Telegram id or username", () => {
    const shown = admin.rig.emu
      .botMessages(admin.admin.chatId)
      .map((message) => `${message.text ?? ""} ${message.caption ?? ""}`)
      .join("\n");
    expect(shown).not.toContain("aliya_admin");
    expect(shown).not.toContain(String(admin.admin.chatId));
    for (const r of admin.seeded) expect(shown).not.toContain(r.address);
  });

  it("shows the admin commands in the admin's own menu only", () => {
    const own = admin.rig.emu.myCommands({ type: "chat", chat_id: admin.admin.chatId }, "kk");
    expect(own?.commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(["stats", "export", "schools", "tester", "pilot"]),
    );
    expect(own?.commands.find((c) => c.command === "stats")?.description).toBe(
      t("admin:commands.stats"),
    );
    const everyone = admin.rig.emu.myCommands({ type: "default" }, "kk");
    expect(everyone?.commands.map((c) => c.command)).not.toContain("stats");
  });
});

describe("admin commands for anyone else", () => {
  it("behave exactly like an unknown command and reveal nothing", async () => {
    const teacher = new SimTeacher(admin.rig.emu, {
      id: 5555,
      first_name: "Dana",
      language_code: "kk",
    });
    await teacher.begin("kk");
    const unknown = [await teacher.command("/nosuchcommand"), await teacher.next()].map(
      (m) => m.text,
    );
    for (const command of ["/stats", "/export", "/schools", "/tester", "/pilot"]) {
      const reply = [await teacher.command(command), await teacher.next()].map((m) => m.text);
      expect(reply, command).toEqual(unknown);
    }
    expect(unknown[0]).toBe(t("bot:notice.unknown_command"));
    const forged = await teacher.press("st:o:0.0.0.0.");
    expect(forged).toBe(t("bot:notice.stale_button"));
    expect(
      admin.rig.emu.callsTo("sendPhoto").every((call) => call.params.chat_id !== teacher.chatId),
    ).toBe(true);
  });
});
