/**
 * The coordinator's side of /remind over the Bot API emulator: buttons of an earlier dialog,
 * a job cancelled twice, and a coordinator's own chat, which never counts as a participant.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadTranslations } from "../../src/i18n.js";
import { manyTeachers, remindThroughDialog, seedTeachers } from "../reminders/helpers.js";
import type { ChatMessage } from "../support/bot-api-emulator.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";

const ru = (await loadTranslations()).t("ru");
const COORDINATOR = { id: 901, first_name: "Coordinator", language_code: "ru" };

let rig: TestRig;
beforeEach(async () => {
  rig = await startRig({ COORDINATOR_IDS: String(COORDINATOR.id) });
});
afterEach(async () => {
  await rig.close();
});

const next = () => rig.emu.nextBotMessage(COORDINATOR.id, { timeoutMs: 10_000 });

/** Presses `data` on `message` and returns the text of the bot's answer to the press. */
async function press(message: ChatMessage, data: string): Promise<string | undefined> {
  const update = rig.emu.pressButton(COORDINATOR, message, data, { unchecked: true });
  const id = update.callback_query?.id;
  const call = await rig.emu.waitFor(
    (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === id,
    { since: 0, description: `the answer to ${data}` },
  );
  return typeof call.params.text === "string" ? call.params.text : undefined;
}

const jobCount = () =>
  (
    rig.app.database.sqlite.prepare("SELECT count(*) AS n FROM reminder_jobs").get() as {
      n: number;
    }
  ).n;

/** Takes a dialog to its confirmation with the default text; returns the confirmation. */
async function draftUpTo(segment: string): Promise<ChatMessage> {
  rig.emu.sendCommand(COORDINATOR, "/remind");
  await press(await next(), `r:g:${segment}`);
  await press(await next(), "r:d:*");
  await press(await next(), "r:t:d");
  await next();
  await next();
  return next();
}

describe("the /remind dialog", () => {
  it("refuses the Send of an abandoned dialog; only the open one's confirmation sends", async () => {
    seedTeachers(rig.app.database.sqlite, [
      ...manyTeachers(4, 5000, "RA"),
      ...manyTeachers(2, 6000, "RC").map((t) => ({ ...t, stage: "completed" as const })),
    ]);
    const thankYou = await draftUpTo("cd");
    const everyoneLeft = await draftUpTo("nc");

    expect(await press(thankYou, "r:ok")).toBe(ru("reminders:compose.old_button"));
    expect(jobCount()).toBe(0);
    expect(await press(everyoneLeft, "r:ok")).toBeUndefined();
    expect(await next()).toMatchObject({ text: ru("reminders:compose.started") });
    const job = rig.app.database.sqlite.prepare("SELECT segment FROM reminder_jobs").get();
    expect(job).toEqual({ segment: "not_completed" });
  });

  it("counts a second Cancel of a running job as nothing", async () => {
    seedTeachers(rig.app.database.sqlite, manyTeachers(60, 5000, "RA"));
    const { progress } = await remindThroughDialog(rig.emu, COORDINATOR, { segment: "ip" });
    const first = await press(progress, "r:x:1");
    const second = await press(progress, "r:x:1");
    expect(first).toBe(ru("reminders:cancel.done"));
    expect(second).toBe(ru("reminders:cancel.not_running"));
    const audited = rig.app.database.sqlite
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reminder.cancel'")
      .get() as { n: number };
    expect(audited.n).toBe(1);
  });

  it("never counts the coordinator's own chat among the teachers", async () => {
    seedTeachers(rig.app.database.sqlite, manyTeachers(2, 5000, "RA"));
    // An admin command from a coordinator reads as an unknown one and opens the survey.
    rig.emu.sendCommand(COORDINATOR, "/stats");
    await next();
    const own = rig.app.database.sqlite.prepare(
      "SELECT r.tester FROM respondents r JOIN contacts c ON c.respondent_id = r.id WHERE c.address = ?",
    );
    // Flagged once the update is handled, just after its reply went out.
    await vi.waitFor(() => expect(own.get(String(COORDINATOR.id))).toEqual({ tester: 1 }));

    rig.emu.sendCommand(COORDINATOR, "/remind");
    const segments = (await next()).reply_markup as { inline_keyboard: { text: string }[][] };
    const labels = segments.inline_keyboard.flat().map((button) => button.text);
    expect(labels).toContain(
      ru("reminders:compose.segment_button", {
        label: ru("reminders:segment.not_started"),
        count: 0,
      }),
    );
  });
});
