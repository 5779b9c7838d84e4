/**
 * Reminders as teachers meet them: "Continue the survey" brings back the exact prompt they
 * stopped at, "No more reminders" keeps them out of later segments, blocking the bot marks
 * them unreachable; and a coordinator narrows a reminder to a district with their own text.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { loadTranslations } from "../../src/i18n.js";
import { remindThroughDialog, seedTeachers } from "../reminders/helpers.js";
import type { ChatMessage } from "../support/bot-api-emulator.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";
import { promptIdOf, SimTeacher } from "../support/teacher.js";

const translations = await loadTranslations();
const kk = translations.t("kk");
const ru = translations.t("ru");

const COORDINATOR = { id: 900, first_name: "Coordinator", language_code: "kk" };

let rig: TestRig;
afterEach(async () => {
  await rig.close();
});

const start = async (env: Record<string, string> = {}) => {
  rig = await startRig({ COORDINATOR_IDS: String(COORDINATOR.id), ...env });
};

/** The summary that ends a job; the next dialog must not mistake it for its first question. */
const summary = () => rig.emu.nextBotMessage(COORDINATOR.id, { timeoutMs: 10_000 });

const teacher = (id: number, language_code: string) =>
  new SimTeacher(rig.emu, { id, first_name: `Teacher${id}`, language_code });

const buttonsOf = (message: ChatMessage | undefined) =>
  (
    message?.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] }
  )?.inline_keyboard?.flat() ?? [];

/** Sends everyone not completed a reminder; returns the one `who` receives. */
const remindAllNotCompleted = async (who: SimTeacher): Promise<ChatMessage> => {
  await remindThroughDialog(rig.emu, COORDINATOR, { segment: "nc" });
  await summary();
  return who.next();
};

/** Waits until the reminder's buttons carry `data`; returns the edited message. */
const reminderButtonsBecome = (chatId: number, reminder: ChatMessage, data: string[]) =>
  vi.waitFor(() => {
    const edited = rig.emu.botMessages(chatId).find((m) => m.message_id === reminder.message_id);
    expect(buttonsOf(edited).map((b) => b.callback_data)).toEqual(data);
    return edited;
  });

const contactOf = (chatId: number) =>
  rig.app.database.sqlite
    .prepare("SELECT unreachable, opted_out FROM contacts WHERE address = ?")
    .get(String(chatId));

describe("the buttons under a reminder", () => {
  it("'Continue the survey' shows again the prompt the teacher stopped at", async () => {
    await start();
    const aigul = teacher(2001, "kk");
    await aigul.begin("kk");
    await aigul.answer("q1", { press: "female" });
    await aigul.answer("q2", { press: "maths" });
    const q4 = await aigul.answer("q3", { press: "talgar" });
    expect(promptIdOf(q4)).toBe("q4");
    const ivan = teacher(2002, "ru");
    await ivan.command("/start");
    await ivan.pressAndNext("l:ru");

    await remindThroughDialog(rig.emu, COORDINATOR, { segment: "ip" });
    await summary();
    const reminder = await aigul.next();
    expect(reminder.text).toContain("тоқтаған жерден жалғастыра аласыз");
    const notice = await aigul.press("r:c", reminder);
    expect(notice).toBe("Сауалнаманы тоқтаған жерден жалғастырамыз.");
    const again = await aigul.next();
    expect(promptIdOf(again)).toBe("q4");
    expect(
      buttonsOf(rig.emu.botMessages(aigul.chatId).find((m) => m.message_id === q4.message_id)),
    ).toEqual([]);
    const q5 = await aigul.answer("q4", { text: "12" });
    expect(promptIdOf(q5)).toBe("q5");

    // A teacher who chose a language but not yet agreed gets the consent again.
    await remindThroughDialog(rig.emu, COORDINATOR, { segment: "ns" });
    const ivanReminder = await ivan.next();
    expect(ivanReminder.text).toContain("ещё не начали");
    await ivan.press("r:c", ivanReminder);
    const consent = await ivan.next();
    expect(buttonsOf(consent).map((b) => b.callback_data)).toEqual(["k:y", "k:n"]);
  });

  it("'No more reminders' opts the teacher out of every later segment", async () => {
    await start();
    const aigul = teacher(2101, "kk");
    await aigul.begin("kk");
    const reminder = await remindAllNotCompleted(aigul);

    const answer = await aigul.press("r:stop", reminder);
    expect(answer).toContain("енді еске салынбайды");
    expect(contactOf(aigul.chatId)).toEqual({ unreachable: 0, opted_out: 1 });
    await reminderButtonsBecome(aigul.chatId, reminder, ["r:c", "r:on"]);

    rig.emu.sendCommand(COORDINATOR, "/remind");
    const question = await rig.emu.nextBotMessage(COORDINATOR.id);
    const labels = buttonsOf(question).map((b) => b.text);
    expect(labels).toContain("Бастап, аяқтамағандар · 0");
    expect(labels).toContain("Аяқтамағандардың барлығы · 0");
  });

  it("'Remind me again' undoes 'No more reminders'", async () => {
    await start();
    const aigul = teacher(2102, "kk");
    await aigul.begin("kk");
    const reminder = await remindAllNotCompleted(aigul);
    await aigul.press("r:stop", reminder);
    const swapped = await reminderButtonsBecome(aigul.chatId, reminder, ["r:c", "r:on"]);
    expect(buttonsOf(swapped).map((b) => b.text)).toContain(kk("reminders:buttons.resume"));

    const answer = await aigul.press("r:on", reminder);
    expect(answer).toBe(kk("reminders:teacher.resumed"));
    expect(contactOf(aigul.chatId)).toEqual({ unreachable: 0, opted_out: 0 });
    await reminderButtonsBecome(aigul.chatId, reminder, ["r:c", "r:stop"]);

    rig.emu.sendCommand(COORDINATOR, "/remind");
    const question = await rig.emu.nextBotMessage(COORDINATOR.id);
    expect(buttonsOf(question).map((b) => b.text)).toContain("Бастап, аяқтамағандар · 1");
  });

  it("a teacher with no language yet gets the swapped button and its notice in both", async () => {
    await start();
    const bota = teacher(2103, "ru");
    const languageChoice = await bota.command("/start");
    const reminder = await remindAllNotCompleted(bota);
    const both = (key: string, glue: string) => `${kk(key)}${glue}${ru(key)}`;
    expect(buttonsOf(reminder).map((b) => b.text)).toEqual([
      both("reminders:buttons.continue", " / "),
      both("reminders:buttons.stop", " / "),
    ]);

    // Choosing a language since does not split the reminder's keyboard into two languages.
    await bota.pressAndNext("l:ru", languageChoice);
    expect(await bota.press("r:stop", reminder)).toBe(both("reminders:teacher.stopped", "\n\n"));
    const swapped = await reminderButtonsBecome(bota.chatId, reminder, ["r:c", "r:on"]);
    expect(buttonsOf(swapped)[1]?.text).toBe(both("reminders:buttons.resume", " / "));
  });

  it("after /delete_me, 'No more reminders' says nothing is kept and loses its button", async () => {
    await start();
    const aigul = teacher(2104, "kk");
    await aigul.begin("kk");
    const reminder = await remindAllNotCompleted(aigul);
    const confirm = await aigul.command("/delete_me");
    const code = /pv:e:\w+/.exec(JSON.stringify(confirm.reply_markup))?.[0] ?? "";
    await aigul.press(code, confirm);
    await vi.waitFor(() => expect(contactOf(aigul.chatId)).toBeUndefined());

    // Nothing is kept, the language neither: the notice speaks as the reminder did.
    const notice = await aigul.press("r:stop", reminder);
    expect(notice).toBe(kk("reminders:teacher.nothing_stored"));
    await reminderButtonsBecome(aigul.chatId, reminder, ["r:c"]);
    expect(contactOf(aigul.chatId)).toBeUndefined();
  });

  it("a teacher who blocks the bot is marked unreachable, and cleared on unblocking", async () => {
    await start();
    const user = { id: 2201, first_name: "Blocker", language_code: "kk" };
    seedTeachers(rig.app.database.sqlite, [{ respondentId: "RBLOCK", chatId: user.id }]);

    rig.emu.myChatMember(user, "kicked");
    await vi.waitFor(() => expect(contactOf(user.id)).toEqual({ unreachable: 1, opted_out: 0 }));
    rig.emu.myChatMember(user, "member");
    await vi.waitFor(() => expect(contactOf(user.id)).toEqual({ unreachable: 0, opted_out: 0 }));
  });
});

describe("who may remind", () => {
  it("coordinators see /remind in their menu; to a teacher it is an unknown command", async () => {
    await start();
    const menu = rig.emu.myCommands({ type: "chat", chat_id: COORDINATOR.id }, "kk");
    expect(menu?.commands.map((c) => c.command)).toContain("remind");
    expect(
      rig.emu.myCommands({ type: "default" }, "kk")?.commands.map((c) => c.command),
    ).not.toContain("remind");

    const aigul = teacher(2301, "kk");
    await aigul.begin("kk");
    const reply = await aigul.command("/remind");
    expect(reply.text).toBe("Мұндай команда жоқ. Сауалнаманы жалғастырайық.");
  });
});

describe("leaving the /remind dialog", () => {
  it("Cancel sends nothing; another command ends the dialog and runs as usual", async () => {
    await start();
    seedTeachers(rig.app.database.sqlite, [{ respondentId: "R1", chatId: 3101 }]);
    const next = () => rig.emu.nextBotMessage(COORDINATOR.id);

    rig.emu.sendCommand(COORDINATOR, "/remind");
    const first = await next();
    rig.emu.pressButton(COORDINATOR, first, "r:g:ip");
    const scope = await next();
    rig.emu.pressButton(COORDINATOR, scope, "r:no");
    expect((await next()).text).toBe("Тоқтатылды. Ештеңе жіберілген жоқ.");

    // /remind in the middle of a dialog starts a new one; the old buttons have expired.
    rig.emu.sendCommand(COORDINATOR, "/remind");
    const again = await next();
    rig.emu.sendCommand(COORDINATOR, "/remind");
    const fresh = await next();
    expect(fresh.text).toBe(again.text);
    rig.emu.pressButton(COORDINATOR, fresh, "r:g:ip");
    await next();
    rig.emu.sendCommand(COORDINATOR, "/language");
    expect(buttonsOf(await next()).map((b) => b.callback_data)).toEqual(["l:kk", "l:ru"]);
    const stale = rig.emu.pressButton(COORDINATOR, again, "r:g:ip", { unchecked: true });
    const answer = await rig.emu.waitFor(
      (c) =>
        c.method === "answerCallbackQuery" &&
        c.params.callback_query_id === stale.callback_query?.id,
      { since: 0 },
    );
    expect(answer.params.text).toBe("Бұл диалог аяқталған. Қайта бастау үшін /remind жіберіңіз.");
    expect(rig.emu.botMessages(3101)).toEqual([]);
    expect(
      rig.app.database.sqlite.prepare("SELECT count(*) AS n FROM reminder_jobs").get(),
    ).toEqual({
      n: 0,
    });
  });
});

describe("a reminder narrowed to a district, with the coordinator's own text", () => {
  it("reaches the district's teachers by their answer, or by their school when unanswered", async () => {
    const dir = mkdtempSync(join(tmpdir(), "saualnama-schools-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const schoolsFile = join(dir, "schools.csv");
    writeFileSync(
      schoolsFile,
      "code,name_kk,name_ru,district,teachers\nSCH01,Бірінші мектеп,Первая школа,talgar,10\n" +
        "SCH02,Екінші мектеп,Вторая школа,ile,10\n",
    );
    await start({ SCHOOLS_FILE: schoolsFile });
    seedTeachers(rig.app.database.sqlite, [
      { respondentId: "R1", chatId: 3001, district: "talgar" },
      { respondentId: "R2", chatId: 3002, schoolCode: "SCH01", language: "ru" },
      { respondentId: "R3", chatId: 3003, schoolCode: "SCH01", district: "ile" },
      { respondentId: "R4", chatId: 3004, schoolCode: "SCH02" },
      { respondentId: "R5", chatId: 3005, stage: "language", language: null, schoolCode: "SCH01" },
    ]);

    const custom = { kk: "Әріптестер, сауалнаманы аяқтаңыз!", ru: "Коллеги, завершите опрос!" };
    const { previews, confirm } = await remindThroughDialog(
      rig.emu,
      COORDINATOR,
      { segment: "nc", district: "talgar", custom },
      { hasSchools: true },
    );
    expect(previews[0]?.text).toContain(custom.kk);
    expect(previews[1]?.text).toContain(custom.ru);
    expect(confirm.text).toContain("Алушылар: 3 (қазақша: 1, орысша: 1, тіл әлі таңдалмаған: 1");
    expect(confirm.text).toContain("«Талғар» ауданы");
    await summary();

    expect(rig.emu.lastBotMessage(3001)?.text).toBe(custom.kk);
    expect(rig.emu.lastBotMessage(3002)?.text).toBe(custom.ru);
    expect(rig.emu.lastBotMessage(3005)?.text).toBe(`${custom.kk}\n\n${custom.ru}`);
    expect(buttonsOf(rig.emu.lastBotMessage(3005)).map((b) => b.text)).toEqual([
      "Сауалнаманы жалғастыру / Продолжить опрос",
      "Енді еске салмаңыз / Больше не напоминать",
    ]);
    expect(rig.emu.lastBotMessage(3003)).toBeUndefined();
    expect(rig.emu.lastBotMessage(3004)).toBeUndefined();
  });
});
