/**
 * Generates updates for the fuzz test and pushes them into the emulator: people who type
 * anything, press real and forged buttons, send every kind of message, edit and forward,
 * write in groups and channels, block and unblock the bot, and updates with optional fields
 * left out. A share of the actions are a teacher's real ones, so answers get stored too.
 */
import type { Update } from "grammy/types";
import type { BotApiEmulator, ChatMessage, SimUser } from "../support/bot-api-emulator.js";
import type { Random } from "./random.js";
import { forgedButtonData, numberLike, randomText, textOfLength } from "./random-text.js";

/** Kinds of update the bot asks Telegram for; others never reach it. */
const DELIVERED = ["message", "edited_message", "callback_query", "my_chat_member"];

const COMMANDS = [
  "/start",
  "/language",
  "/my_data",
  "/delete_me",
  "/stats",
  "/export",
  "/schools",
  "/tester",
  "/pilot",
  "/remind",
  "/backup",
  "/end_study",
  "/help",
  "/",
  "/START",
  "/start@saualnama_test_bot",
  "/start@other_bot",
  `/${"x".repeat(40)}`,
];

const LANGUAGES = ["kk", "ru", "en", "tr"];

/** A fuzzing session over a fixed cast of people, groups and a channel. */
export class UpdateFuzzer {
  readonly users: SimUser[];
  private readonly groups = [
    { id: -1001, title: "Мұғалімдер 👩‍🏫", type: "group" as const },
    { id: -1002000000001, title: "Школа №1", type: "supergroup" as const },
  ];
  private readonly channel = { id: -1003000000001, title: "Жаңалықтар", username: "news_kz" };
  private serial = 0;

  constructor(
    private readonly emu: BotApiEmulator,
    private readonly random: Random,
    people: number,
    firstId: number,
  ) {
    this.users = Array.from({ length: people }, (_, index) => ({
      id: firstId + index,
      first_name: textOfLength(random, random.int(1, 20)) || "‮",
      last_name: random.chance(0.5) ? textOfLength(random, random.int(1, 20)) : undefined,
      username: random.chance(0.5) ? `fuzz_${index}` : undefined,
      language_code: random.chance(0.2) ? undefined : random.pick(LANGUAGES),
    }));
  }

  /** Pushes one random update; returns it, and whether the bot will receive it. */
  next(): { update: Update; delivered: boolean } {
    const update = this.pick();
    const kind = Object.keys(update).find((key) => key !== "update_id") ?? "";
    return { update, delivered: DELIVERED.includes(kind) };
  }

  private pick(): Update {
    const r = this.random;
    const user = r.pick(this.users);
    const roll = r.next();
    if (roll < 0.3) return this.likeATeacher(user);
    if (roll < 0.45) return this.emu.sendText(user, randomText(r));
    if (roll < 0.52)
      return this.emu.sendText(
        user,
        `${r.pick(COMMANDS)}${r.chance(0.3) ? ` ${randomText(r)}` : ""}`,
      );
    if (roll < 0.64) return this.forgedPress(user);
    if (roll < 0.74) return this.media(user);
    if (roll < 0.79) return this.edited(user);
    if (roll < 0.83) return this.forwarded(user);
    if (roll < 0.9) return this.inGroup(user);
    if (roll < 0.92) return this.emu.channelPost(this.channel, randomText(r) || "·");
    if (roll < 0.94) return this.emu.myChatMember(user, r.chance(0.5) ? "kicked" : "member");
    return this.stripped(user);
  }

  /** What a teacher would do: press a button the bot showed, or type where text is asked. */
  private likeATeacher(user: SimUser): Update {
    const r = this.random;
    const shown = this.liveButtons(user.id);
    if (shown.length > 0 && r.chance(0.8)) {
      const { message, data } = r.pick(shown);
      return this.emu.pressButton(user, message, data);
    }
    if (this.emu.botMessages(user.id).length === 0) return this.emu.sendCommand(user, "/start");
    return this.emu.sendText(user, r.chance(0.5) ? numberLike(r) : randomText(r).slice(0, 300));
  }

  private liveButtons(chatId: number): { message: ChatMessage; data: string }[] {
    return this.emu
      .botMessages(chatId)
      .filter((message) => !message.deleted)
      .slice(-3)
      .flatMap((message) => {
        const markup = message.reply_markup;
        const buttons = markup && "inline_keyboard" in markup ? markup.inline_keyboard.flat() : [];
        return buttons.flatMap((b) =>
          "callback_data" in b ? [{ message, data: b.callback_data }] : [],
        );
      });
  }

  /** A press with forged data, on a real bot message of the chat (or with none at all). */
  private forgedPress(user: SimUser): Update {
    const r = this.random;
    const messages = this.emu.botMessages(user.id);
    const message = messages.length > 0 ? r.pick(messages) : undefined;
    if (message && r.chance(0.7)) {
      return this.emu.pressButton(user, message, forgedButtonData(r), { unchecked: true });
    }
    // A press without a message (inline mode), without data (a game), or on a message too
    // old for Telegram to include (date 0).
    const base = {
      id: String(9_000_000 + this.nextSerial()),
      from: this.userJson(user),
      chat_instance: "1",
    };
    const shape = message ? r.pick(["inline", "game", "inaccessible"]) : "inline";
    const extra =
      shape === "inline"
        ? { inline_message_id: "AAAA", data: forgedButtonData(r) }
        : shape === "game"
          ? { game_short_name: "quiz", ...(message ? { message: message.raw } : {}) }
          : {
              message: {
                message_id: message?.message_id,
                chat: { id: user.id, type: "private", first_name: "x" },
                date: 0,
              },
              data: forgedButtonData(r),
            };
    return this.emu.pushUpdate({ callback_query: { ...base, ...extra } });
  }

  private media(user: SimUser): Update {
    const r = this.random;
    switch (r.int(0, 6)) {
      case 0:
        return this.emu.sendSticker(user, { emoji: r.pick(["👍", "🙃", "🇰🇿"]) });
      case 1:
        return this.emu.sendPhoto(
          user,
          r.chance(0.5) ? { caption: randomText(r).slice(0, 1024) } : {},
        );
      case 2:
        return this.emu.sendVoice(user, { duration: r.int(0, 600) });
      case 3:
        return this.emu.sendContact(
          user,
          r.chance(0.5) ? {} : { user_id: r.int(1, 1e9), phone_number: "+70000000000" },
        );
      case 4:
        return this.emu.sendLocation(user, r.int(-90, 90), r.int(-180, 180));
      case 5:
        return this.emu.sendPoll(user, randomText(r).slice(0, 300) || "?", ["Иә", "Жоқ"]);
      default:
        return this.message(
          user,
          r.pick([
            { dice: { emoji: "🎲", value: r.int(1, 6) } },
            { document: { file_id: "BQAC", file_unique_id: "u1", file_name: "answers.xlsx" } },
            { video_note: { file_id: "DQAC", file_unique_id: "u2", length: 240, duration: 5 } },
            {
              venue: {
                location: { latitude: 43.2, longitude: 76.9 },
                title: "Мектеп",
                address: "Алматы",
              },
            },
            { new_chat_members: [this.userJson(user)] },
            {
              animation: {
                file_id: "CgAC",
                file_unique_id: "u3",
                width: 1,
                height: 1,
                duration: 1,
              },
            },
          ]),
        );
    }
  }

  private edited(user: SimUser): Update {
    const own = this.emu.userMessages(user.id).filter((message) => message.text !== undefined);
    const message = own.length > 0 ? this.random.pick(own) : undefined;
    if (message)
      return this.emu.editUserMessage(user, message.message_id, randomText(this.random) || "·");
    return this.emu.pushUpdate({
      edited_message: { ...this.messageJson(user), edit_date: 1, photo: [] },
    });
  }

  private forwarded(user: SimUser): Update {
    const r = this.random;
    const origin = r.chance(0.5) ? r.pick(this.users) : textOfLength(r, r.int(1, 30)) || "·";
    return this.emu.forwardText(user, randomText(r) || "·", origin);
  }

  private inGroup(user: SimUser): Update {
    const r = this.random;
    const group = r.pick(this.groups);
    if (r.chance(0.7))
      return this.emu.sendGroupText(
        user,
        group,
        r.chance(0.4) ? r.pick(COMMANDS) : randomText(r) || "·",
      );
    // A press in a group, and a message in a channel that arrives as an ordinary message.
    if (r.chance(0.5)) {
      const chat = { id: group.id, type: group.type, title: group.title };
      const message = { message_id: r.int(1, 100), chat, date: 1, text: "·" };
      return this.emu.pushUpdate({
        callback_query: {
          id: String(9_000_000 + this.nextSerial()),
          from: this.userJson(user),
          chat_instance: "2",
          message,
          data: forgedButtonData(r),
        },
      });
    }
    const chat = { id: this.channel.id, type: "channel", title: this.channel.title };
    return this.emu.pushUpdate({
      message: { message_id: r.int(1, 100), chat, date: 1, text: randomText(r) },
    });
  }

  /** Messages with optional fields left out, or odd: no sender, no text, entities past the end. */
  private stripped(user: SimUser): Update {
    const r = this.random;
    const base = this.messageJson(user);
    const variants = [
      { ...base, from: undefined, text: "/start" },
      { ...base, text: undefined },
      { ...base, text: "/start", entities: [{ type: "bot_command", offset: 0, length: 500 }] },
      { ...base, text: "", entities: [] },
      { ...base, chat: { id: user.id, type: "private" }, text: randomText(r) },
      { ...base, reply_to_message: { message_id: 1, chat: base.chat, date: 1 }, text: "12" },
      { ...base, sender_chat: { id: -1003000000001, type: "channel", title: "x" }, text: "hi" },
    ];
    return this.message(user, r.pick(variants), true);
  }

  private message(user: SimUser, content: Record<string, unknown>, replace = false): Update {
    const message = replace ? content : { ...this.messageJson(user), ...content };
    return this.emu.pushUpdate({ message: JSON.parse(JSON.stringify(message)) });
  }

  private messageJson(user: SimUser) {
    return {
      message_id: 1_000_000 + this.nextSerial(),
      from: this.userJson(user),
      chat: { id: user.id, type: "private", first_name: user.first_name ?? "x" },
      date: Math.floor(Date.now() / 1000),
    };
  }

  private userJson(user: SimUser) {
    return JSON.parse(
      JSON.stringify({
        id: user.id,
        is_bot: false,
        first_name: user.first_name ?? "x",
        username: user.username,
        language_code: user.language_code,
      }),
    );
  }

  private nextSerial(): number {
    this.serial += 1;
    return this.serial;
  }
}
