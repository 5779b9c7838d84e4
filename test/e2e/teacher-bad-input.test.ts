/**
 * What a teacher sends that the bot cannot take as an answer, over the Bot API emulator:
 * forwards, voice, contacts, locations, polls, unknown commands, forged button data and
 * double taps. Each gets a short reply in the teacher's language and changes nothing stored.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Translate } from "../../src/i18n.js";
import type { ChatMessage } from "../support/bot-api-emulator.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";
import { answerUntil, promptIdSent, StoredSurvey, sentSince } from "../support/journey.js";
import { promptIdOf, SimTeacher } from "../support/teacher.js";

let rig: TestRig;
let stored: StoredSurvey;
let kk: Translate;
let ru: Translate;

beforeEach(async () => {
  rig = await startRig();
  stored = new StoredSurvey(rig.dbPath);
  kk = rig.app.translations.t("kk");
  ru = rig.app.translations.t("ru");
});
afterEach(async () => {
  await rig.close();
});

const teacher = (id: number, language_code = "kk") =>
  new SimTeacher(rig.emu, { id, first_name: `Teacher${id}`, language_code });

const buttonsOf = (message: ChatMessage) => {
  const markup = message.reply_markup as { inline_keyboard?: { callback_data?: string }[][] };
  return (markup?.inline_keyboard ?? []).flat().map((button) => button.callback_data);
};

/** What must not change when the bot refuses an input: the answers and the position. */
function snapshot(chatId: number) {
  return { answers: stored.answers(chatId), position: stored.position(chatId) };
}

describe("messages the bot cannot take as answers", () => {
  it("answers forwards, voice, contact, location, poll and unknown commands and changes nothing", async () => {
    const t = teacher(3040, "ru");
    await t.begin("ru");
    await answerUntil(t, "q8");
    const before = snapshot(t.chatId);
    const other = { id: 9999, first_name: "Someone" };

    // Each gets a notice, then the current prompt again with its buttons.
    const notices: (string | undefined)[] = [];
    const sendAndRead = async (send: () => void) => {
      send();
      notices.push((await t.next()).text);
      expect(promptIdOf(await t.next())).toBe("q8");
    };
    await sendAndRead(() => rig.emu.forwardText(t.user, "3", other));
    await sendAndRead(() => rig.emu.sendVoice(t.user));
    await sendAndRead(() => rig.emu.sendContact(t.user));
    await sendAndRead(() => rig.emu.sendLocation(t.user, 43.25, 76.95));
    await sendAndRead(() => rig.emu.sendPoll(t.user, "?", ["a", "b"]));
    await sendAndRead(() => rig.emu.sendText(t.user, "/nosuchcommand"));

    expect(notices).toEqual([
      ru("bot:notice.forward_ignored"),
      ru("bot:notice.use_buttons"),
      ru("bot:notice.use_buttons"),
      ru("bot:notice.use_buttons"),
      ru("bot:notice.use_buttons"),
      ru("bot:notice.unknown_command"),
    ]);
    expect(snapshot(t.chatId)).toEqual(before);
  });

  it("takes a corrected answer typed before the refusal of the first one arrived", async () => {
    const t = teacher(3045, "ru");
    await t.begin("ru");
    await answerUntil(t, "q4");

    // Both texts leave before the bot answers the first: the second was meant for q4 too.
    rig.emu.sendText(t.user, "12 лет");
    rig.emu.sendText(t.user, "12");
    expect((await t.next()).text).toBe(ru("bot:notice.not_a_number"));
    expect(promptIdOf(await t.next())).toBe("q4");
    expect(promptIdOf(await t.next())).toBe("q5");
    expect(stored.answers(t.chatId).q4).toBe("12");
    expect(stored.position(t.chatId)).toMatchObject({ cursor: "q5" });
  });

  it("asks for the buttons when a sticker comes at the language or the consent choice", async () => {
    const t = teacher(3047, "ru");
    await t.command("/start");
    rig.emu.sendSticker(t.user);
    expect((await t.next()).text).toBe(ru("bot:notice.use_buttons"));
    expect((await t.next()).text).toBe(ru("bot:language.choose"));
    await t.pressAndNext("l:ru");
    rig.emu.sendSticker(t.user);
    expect((await t.next()).text).toBe(ru("bot:notice.use_buttons"));
    expect(buttonsOf(await t.next())).toEqual(["k:y", "k:n"]);
    expect(stored.position(t.chatId)).toMatchObject({ stage: "consent" });
  });

  it("stops the spinner of presses that come with no message, and stores nothing", async () => {
    const from = { id: 3046, is_bot: false, first_name: "Inline", language_code: "kk" };
    const presses = [{ data: "a:q1:male" }, { data: "r:stop" }, { game_short_name: "quiz" }];
    const ids = presses.map((press, i) => {
      const id = `inline-${i}`;
      rig.emu.pushUpdate({
        callback_query: { id, from, chat_instance: "1", inline_message_id: "AAAB", ...press },
      });
      return id;
    });
    for (const id of ids) {
      await rig.emu.waitFor(
        (call) => call.method === "answerCallbackQuery" && call.params.callback_query_id === id,
        { since: 0, description: `the answer to ${id}` },
      );
    }
    expect(stored.count("respondents")).toBe(0);
  });

  it("refuses forged button data and changes nothing", async () => {
    const t = teacher(3041);
    const q1 = await t.begin("kk");
    const before = snapshot(t.chatId);
    const random = Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 37 + 11) % 256))
      .toString("base64")
      .slice(0, 64);
    const forged = ["a:q1:zzz", "a:q99:1", "x", random, "t:q1:female", "d:q1", "s:q1", "b:q0"];

    const notices: (string | undefined)[] = [];
    for (const data of forged) notices.push(await t.press(data, q1));

    expect(notices).toEqual([
      kk("bot:notice.unknown_option"),
      kk("bot:notice.stale_button"),
      kk("bot:notice.stale_button"),
      kk("bot:notice.stale_button"),
      kk("bot:notice.unknown_option"),
      kk("bot:notice.unknown_option"),
      kk("bot:notice.unknown_option"),
      kk("bot:notice.stale_button"),
    ]);
    expect(snapshot(t.chatId)).toEqual(before);
    expect(promptIdOf(await t.answer("q1", { press: "male" }))).toBe("q2");
  });

  it("keeps a double tap on Done, Skip, Back or a language button silent", async () => {
    const t = teacher(3042);
    await t.begin("kk");
    const q7 = await answerUntil(t, "q7");
    await t.press("t:q7:a", q7);
    const since = rig.emu.calls.length;
    const silent: string[] = [];
    const doubleTap = async (data: string, message: ChatMessage) => {
      const ids = [1, 2].map(() => rig.emu.pressButton(t.user, message, data).callback_query?.id);
      for (const id of ids) {
        await rig.emu.waitFor(
          (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === id,
          { since: 0 },
        );
        silent.push(rig.emu.callbackAnswer(id ?? "")?.text ?? "");
      }
      return t.next();
    };

    const q8 = await doubleTap("d:q7", q7);
    expect(promptIdOf(q8)).toBe("q8");
    const back = await doubleTap("b:q8", q8);
    expect(promptIdOf(back)).toBe("q7");
    expect(promptIdOf(await t.pressAndNext("d:q7", back))).toBe("q8");
    await answerUntil(t, "q18");
    const q19 = await doubleTap("s:q18", t.latest());
    expect(promptIdOf(q19)).toBe("q19_1");
    const choice = await t.command("/language");
    const shownAgain = await doubleTap("l:ru", choice);

    expect(promptIdOf(shownAgain)).toBe("q19_1");
    expect(silent.filter(Boolean)).toEqual([ru("bot:notice.language_changed")]);
    const prompts = sentSince(rig.emu.calls, t.chatId, since).map(promptIdSent);
    expect(prompts.filter((id) => id === "q19_1")).toHaveLength(2);
    expect(stored.answers(t.chatId)).toMatchObject({ q7: "a", q18: null });
  });
});
