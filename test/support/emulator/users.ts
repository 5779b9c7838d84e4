import type {
  Chat,
  Contact,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";
import { senderOf } from "./methods.js";
import type { ChatMessage, Store } from "./store.js";
import { type Button, buttonsOf, inlineOf, type Json } from "./validate.js";

/** A simulated Telegram user; their private chat with the bot has the same id. */
export interface SimUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** A simulated group chat (negative id). */
export interface SimGroup {
  id: number;
  title: string;
  type: "group" | "supergroup";
}

/** A simulated channel (negative id). */
export interface SimChannel {
  id: number;
  title: string;
  username?: string;
}

/** A button found on a bot message; `kind` tells inline buttons from reply-keyboard ones. */
export interface FoundButton {
  message: ChatMessage;
  button: Button;
  kind: "inline" | "reply";
}

const nowSec = (): number => Math.floor(Date.now() / 1000);

/** Drops undefined fields, as Telegram's JSON never contains them. */
function compact<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function userOf(u: SimUser): User {
  const { id, last_name, username, language_code } = u;
  const first_name = u.first_name ?? `User${id}`;
  return compact({ id, is_bot: false, first_name, last_name, username, language_code });
}

function privateChat(u: SimUser): Chat {
  const { id, last_name, username } = u;
  return compact({
    id,
    type: "private",
    first_name: u.first_name ?? `User${id}`,
    last_name,
    username,
  });
}

function commandEntities(text: string): { entities?: MessageEntity[] } {
  const command = /^\/[a-zA-Z0-9_]{1,32}(@[a-zA-Z0-9_]+)?/.exec(text)?.[0];
  return command === undefined
    ? {}
    : { entities: [{ type: "bot_command", offset: 0, length: command.length }] };
}

/** Simulated users and chats: each action enqueues a realistic Update and returns it. */
export class UserSimulator {
  constructor(
    protected readonly store: Store,
    /** What getMe answers. */
    readonly me: UserFromGetMe,
  ) {}

  /** Messages the bot sent to a chat, oldest first, deleted ones included (flagged). */
  botMessages(chatId: number): ChatMessage[] {
    return this.messages(chatId).filter((m) => m.sender === "bot");
  }

  /** Messages simulated users sent to a chat, oldest first. */
  userMessages(chatId: number): ChatMessage[] {
    return this.messages(chatId).filter((m) => m.sender === "user");
  }

  protected messages(chatId: number): ChatMessage[] {
    return [...(this.store.chats.get(chatId)?.messages.values() ?? [])];
  }

  /**
   * Finds a button by text or predicate: inline keyboards of live bot messages, newest
   * first, then the reply keyboard currently shown in the chat.
   */
  findButton(
    chatId: number,
    match: string | ((button: Button) => boolean),
  ): FoundButton | undefined {
    const test = typeof match === "string" ? (b: Button) => b.text === match : match;
    for (const message of this.botMessages(chatId).reverse()) {
      const button = message.deleted
        ? undefined
        : inlineOf(message.reply_markup)?.inline_keyboard.flat().find(test);
      if (button !== undefined) return { message, button, kind: "inline" };
    }
    const keyboard = this.botMessages(chatId)
      .reverse()
      .find((m) => m.reply_markup !== undefined && !("inline_keyboard" in m.reply_markup));
    const button = buttonsOf(keyboard?.reply_markup).find(test);
    return keyboard === undefined || button === undefined
      ? undefined
      : { message: keyboard, button, kind: "reply" };
  }

  /** Makes send and edit calls to the chat answer 403 "bot was blocked by the user". */
  blockChat(chatId: number): void {
    this.store.blocked.add(chatId);
  }

  /** Undoes `blockChat`. */
  unblockChat(chatId: number): void {
    this.store.blocked.delete(chatId);
  }

  /** Enqueues any update as is (fuzzing); update_id is assigned unless present. */
  pushUpdate(raw: Json): Update {
    const update = structuredClone(raw);
    const query = update.callback_query;
    if (typeof query === "object" && query !== null && "id" in query) {
      const id = String(query.id);
      if (!this.store.callbackAnswers.has(id)) this.store.callbackAnswers.set(id, undefined);
    }
    return this.store.enqueue(update);
  }

  /** Enqueues an already enqueued update again with the same update_id (crash redelivery). */
  redeliver(updateId: number): Update {
    return this.store.redeliver(updateId);
  }

  private incoming(chat: Chat, from: User | undefined, content: Json, kind = "message"): Update {
    this.store.chatState(chat.id, chat);
    const message_id = this.store.nextMessageId(chat.id);
    const date = nowSec();
    const sender = from === undefined ? { sender_chat: chat } : { from };
    const raw = compact({ message_id, ...sender, chat, date, ...content }) as unknown as Message;
    const entities = raw.entities ?? raw.caption_entities;
    const { text, caption } = raw;
    const base = { message_id, chat_id: chat.id, sender: "user" as const, date, edits: [] };
    this.store.saveMessage({ ...base, text, caption, entities, deleted: false, raw });
    return this.store.enqueue({ [kind]: structuredClone(raw) });
  }

  private fileIds(prefix: string): { file_id: string; file_unique_id: string } {
    const serial = this.store.nextSerial();
    return { file_id: `${prefix}${serial}`, file_unique_id: `AgAD${serial}` };
  }

  /** The user sends a text in their private chat; "/cmd" texts get a bot_command entity. */
  sendText(user: SimUser, text: string, extra: Json = {}): Update {
    return this.incoming(privateChat(user), userOf(user), {
      text,
      ...commandEntities(text),
      ...extra,
    });
  }

  /** The user sends a command, e.g. `sendCommand(u, "/start", "SCH01")` (deep link). */
  sendCommand(user: SimUser, command: string, payload?: string): Update {
    const text = `${command.startsWith("/") ? "" : "/"}${command}`;
    return this.sendText(user, payload === undefined ? text : `${text} ${payload}`);
  }

  /**
   * The user presses an inline button of a stored bot message. Throws unless the message
   * still shows a button with that callback_data; `unchecked` forges the press anyway.
   */
  pressButton(
    user: SimUser,
    message: ChatMessage,
    callbackData: string,
    options: { unchecked?: boolean } = {},
  ): Update {
    const shown = buttonsOf(inlineOf(message.reply_markup)).some(
      (b) => "callback_data" in b && b.callback_data === callbackData,
    );
    if (!options.unchecked && (message.deleted || !shown)) {
      throw new Error(
        `Message ${message.message_id} in chat ${message.chat_id} shows no button with ` +
          `callback_data ${JSON.stringify(callbackData)}`,
      );
    }
    const id = String(4_000_000_000_000_000 + this.store.nextSerial());
    this.store.callbackAnswers.set(id, undefined);
    const chat_instance = this.store.chatState(message.chat_id).instance;
    const from = userOf(user);
    const callback_query = {
      id,
      from,
      message: structuredClone(message.raw),
      chat_instance,
      data: callbackData,
    };
    return this.store.enqueue({ callback_query });
  }

  /**
   * Presses the button with this text on the newest bot message showing it: inline
   * buttons send a callback query, reply-keyboard buttons send their text (or contact).
   */
  pressButtonByText(user: SimUser, chatId: number, text: string): Update {
    const found = this.findButton(chatId, text);
    if (found === undefined) {
      const shown = this.botMessages(chatId)
        .filter((m) => !m.deleted)
        .flatMap((m) => buttonsOf(m.reply_markup).map((b) => b.text));
      throw new Error(`No button "${text}" in chat ${chatId}; buttons: ${JSON.stringify(shown)}`);
    }
    const { message, button, kind } = found;
    if (kind === "reply") {
      return "request_contact" in button && button.request_contact === true
        ? this.sendContact(user)
        : this.sendText(user, button.text);
    }
    if (!("callback_data" in button)) throw new Error(`Button "${text}" has no callback_data`);
    return this.pressButton(user, message, button.callback_data);
  }

  /** The user sends a sticker. */
  sendSticker(user: SimUser, options: { emoji?: string; set_name?: string } = {}): Update {
    const sticker = {
      ...this.fileIds("CAACAgIAAxkBAAI"),
      type: "regular",
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: options.emoji ?? "👍",
      set_name: options.set_name ?? "HotCherry",
      file_size: 23_000,
    };
    return this.incoming(privateChat(user), userOf(user), { sticker });
  }

  /** The user sends a photo (three sizes, like Telegram), optionally captioned. */
  sendPhoto(user: SimUser, options: { caption?: string } = {}): Update {
    const photo = [
      [90, 67],
      [320, 240],
      [1280, 960],
    ].map(([width, height]) => ({
      ...this.fileIds("AgACAgIAAxkBAAI"),
      width,
      height,
      file_size: 1000,
    }));
    return this.incoming(privateChat(user), userOf(user), { photo, caption: options.caption });
  }

  /** The user sends a voice message. */
  sendVoice(user: SimUser, options: { duration?: number } = {}): Update {
    const ids = this.fileIds("AwACAgIAAxkBAAI");
    const voice = {
      ...ids,
      duration: options.duration ?? 3,
      mime_type: "audio/ogg",
      file_size: 9000,
    };
    return this.incoming(privateChat(user), userOf(user), { voice });
  }

  /** The user shares a contact, by default their own (as a request_contact button does). */
  sendContact(user: SimUser, contact: Partial<Contact> = {}): Update {
    const own = {
      phone_number: "+77010000000",
      first_name: userOf(user).first_name,
      user_id: user.id,
    };
    return this.incoming(privateChat(user), userOf(user), { contact: { ...own, ...contact } });
  }

  /** The user shares a location. */
  sendLocation(user: SimUser, latitude: number, longitude: number): Update {
    return this.incoming(privateChat(user), userOf(user), { location: { latitude, longitude } });
  }

  /** The user sends a regular anonymous poll. */
  sendPoll(user: SimUser, question: string, options: string[]): Update {
    const poll = {
      id: String(5_000_000_000_000_000 + this.store.nextSerial()),
      question,
      options: options.map((text) => ({ text, voter_count: 0 })),
      total_voter_count: 0,
      is_closed: false,
      is_anonymous: true,
      type: "regular",
      allows_multiple_answers: false,
    };
    return this.incoming(privateChat(user), userOf(user), { poll });
  }

  /** The user edits one of their text messages: an `edited_message` update. */
  editUserMessage(user: SimUser, messageId: number, newText: string): Update {
    const msg = this.store.chats.get(user.id)?.messages.get(messageId);
    if (msg?.sender !== "user" || msg.text === undefined) {
      throw new Error(`No text message ${messageId} from user ${user.id}`);
    }
    msg.edits.push({ text: msg.text, entities: msg.entities, at: Date.now() });
    const { entities } = commandEntities(newText);
    Object.assign(msg, { text: newText, entities });
    msg.raw = compact({ ...msg.raw, text: newText, entities, edit_date: nowSec() });
    return this.store.enqueue({ edited_message: structuredClone(msg.raw) });
  }

  /** The user forwards a text from another user, or from a hidden account (a name). */
  forwardText(user: SimUser, text: string, origin: SimUser | string): Update {
    const date = nowSec() - 60;
    const forward =
      typeof origin === "string"
        ? {
            forward_origin: { type: "hidden_user", sender_user_name: origin, date },
            forward_sender_name: origin,
          }
        : {
            forward_origin: { type: "user", sender_user: userOf(origin), date },
            forward_from: userOf(origin),
          };
    return this.incoming(privateChat(user), userOf(user), { ...forward, forward_date: date, text });
  }

  /** The user writes in a group the bot is in. */
  sendGroupText(user: SimUser, group: SimGroup, text: string): Update {
    if (group.id >= 0) throw new Error(`Group ids are negative, got ${group.id}`);
    const chat = { id: group.id, title: group.title, type: group.type } as Chat;
    return this.incoming(chat, userOf(user), { text, ...commandEntities(text) });
  }

  /** A post in a channel where the bot is an administrator: a `channel_post` update. */
  channelPost(channel: SimChannel, text: string): Update {
    if (channel.id >= 0) throw new Error(`Channel ids are negative, got ${channel.id}`);
    const chat = compact({ ...channel, type: "channel" }) as Chat;
    return this.incoming(chat, undefined, { text }, "channel_post");
  }

  /** The user blocks ("kicked") or unblocks ("member") the bot; blocking also answers 403. */
  myChatMember(user: SimUser, status: "kicked" | "member"): Update {
    if (status === "kicked") this.blockChat(user.id);
    else this.unblockChat(user.id);
    const bot = senderOf(this.me);
    const member = (s: "kicked" | "member") =>
      s === "kicked" ? { user: bot, status: s, until_date: 0 } : { user: bot, status: s };
    const chat = privateChat(user);
    this.store.chatState(user.id, chat);
    return this.store.enqueue({
      my_chat_member: {
        chat,
        from: userOf(user),
        date: nowSec(),
        old_chat_member: member(status === "kicked" ? "member" : "kicked"),
        new_chat_member: member(status),
      },
    });
  }
}
