/**
 * Telegram at the fetch level, in-process: the bot's HTTP client calls `fetch`, the stand-in
 * parses the JSON body and answers as the Bot API would, so request and response serialisation
 * are part of every measured update while no socket or emulator bookkeeping is.
 */
import type { InlineKeyboardMarkup, Message, Update, User, UserFromGetMe } from "grammy/types";

/** The bot the stand-in pretends to serve. */
export const BENCH_TOKEN = "123456:BENCH";

/** What getMe answers; also given to bots as `botInfo` so they skip the call. */
export const benchBotInfo: UserFromGetMe = {
  id: 123456,
  is_bot: true,
  first_name: "Saualnama Bench",
  username: "saualnama_bench_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

type Params = Record<string, unknown>;

interface ChatState {
  user: User;
  nextMessageId: number;
  messages: Map<number, Message>;
  /** The newest bot message that carries an inline keyboard: what a teacher presses next. */
  live: Message | undefined;
}

/** Messages kept per chat for edits; older ones are never edited by a survey step. */
const KEPT_MESSAGES = 4;

/** Telegram's refusal of an edit that changes nothing. */
class NotModified extends Error {}

/** The Bot API and the users' side of it, for one benchmark run. */
export class TelegramStandIn {
  private readonly chats = new Map<number, ChatState>();
  private readonly sender: User = {
    id: benchBotInfo.id,
    is_bot: true,
    first_name: benchBotInfo.first_name,
    username: benchBotInfo.username,
  };
  private nextUpdateId = 1;
  private nextQueryId = 1;
  /** Bot API requests answered so far, to count the requests of an update. */
  requests = 0;

  /** The `fetch` to give grammY's client (`client: { fetch }`). */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = url.slice(url.lastIndexOf("/") + 1);
    const params: Params = typeof init?.body === "string" ? JSON.parse(init.body) : {};
    this.requests += 1;
    let body: unknown;
    try {
      body = { ok: true, result: this.answer(method, params) };
    } catch (error) {
      if (!(error instanceof NotModified)) throw error;
      body = {
        ok: false,
        error_code: 400,
        description:
          "Bad Request: message is not modified: specified new message content and reply " +
          "markup are exactly the same as a current content and reply markup of the message",
      };
    }
    return new Response(JSON.stringify(body), {
      headers: { "content-type": "application/json" },
    });
  };

  /** A private chat with a user whose id is also the chat id. */
  addUser(id: number, languageCode: string): User {
    const user: User = {
      id,
      is_bot: false,
      first_name: `Teacher${id}`,
      language_code: languageCode,
    };
    this.chats.set(id, { user, nextMessageId: 1, messages: new Map(), live: undefined });
    return user;
  }

  /** The newest bot message in the chat that still shows buttons. */
  liveMessage(chatId: number): Message | undefined {
    return this.chat(chatId).live;
  }

  /** Puts a bot message with buttons in the chat without a request (where the floor starts). */
  placeBotMessage(chatId: number, text: string, markup: InlineKeyboardMarkup): Message {
    return this.send({ chat_id: chatId, text, reply_markup: markup });
  }

  /** The user types a text (a leading "/word" becomes a bot command, as in Telegram). */
  typed(chatId: number, text: string): Update {
    const chat = this.chat(chatId);
    const command = /^\/\w+/.exec(text)?.[0];
    const message = {
      message_id: chat.nextMessageId++,
      from: chat.user,
      chat: this.privateChat(chat.user),
      date: now(),
      text,
      ...(command
        ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] }
        : {}),
    };
    return { update_id: this.nextUpdateId++, message } as Update;
  }

  /** The user presses a button with this callback data on a bot message. */
  pressed(chatId: number, message: Message, data: string): Update {
    const chat = this.chat(chatId);
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: String(4_000_000_000_000 + this.nextQueryId++),
        from: chat.user,
        message,
        chat_instance: `-${chatId}`,
        data,
      },
    } as Update;
  }

  private answer(method: string, params: Params): unknown {
    switch (method) {
      case "getMe":
        return benchBotInfo;
      case "sendMessage":
        return this.send(params);
      case "editMessageText":
        return this.edit(params, { text: String(params.text) });
      case "editMessageReplyMarkup":
        return this.edit(params, {});
      case "sendDocument":
      case "sendPhoto":
        return this.send({ chat_id: params.chat_id, text: "" });
      default:
        // answerCallbackQuery, setMyCommands, deleteMyCommands, setChatMenuButton ...
        return true;
    }
  }

  private send(params: Params): Message {
    const chat = this.chat(Number(params.chat_id));
    const markup = params.reply_markup as InlineKeyboardMarkup | undefined;
    const message = {
      message_id: chat.nextMessageId++,
      from: this.sender,
      chat: this.privateChat(chat.user),
      date: now(),
      text: String(params.text),
      ...(markup?.inline_keyboard?.length ? { reply_markup: markup } : {}),
    } as Message.TextMessage;
    chat.messages.set(message.message_id, message);
    // A chat keeps only its newest messages: the bot edits the last prompt or two, and a
    // store that grew with the run would make late updates pay for the heap of early ones.
    if (chat.messages.size > KEPT_MESSAGES)
      chat.messages.delete(message.message_id - KEPT_MESSAGES);
    if (message.reply_markup) chat.live = message;
    return message;
  }

  private edit(params: Params, change: { text?: string }): Message {
    const chat = this.chat(Number(params.chat_id));
    const id = Number(params.message_id);
    const old = chat.messages.get(id);
    if (!old) throw new Error(`the bot edited message ${id}, which it never sent`);
    const markup = params.reply_markup as InlineKeyboardMarkup | undefined;
    const keyboard = markup?.inline_keyboard?.length ? { reply_markup: markup } : {};
    const { reply_markup: _dropped, ...rest } = old;
    const edited = { ...rest, ...change, ...keyboard, edit_date: now() } as Message;
    const same =
      edited.text === old.text &&
      JSON.stringify(edited.reply_markup) === JSON.stringify(old.reply_markup);
    if (same) throw new NotModified();
    chat.messages.set(id, edited);
    if (edited.reply_markup) chat.live = edited;
    else if (chat.live?.message_id === id) chat.live = undefined;
    return edited;
  }

  private chat(chatId: number): ChatState {
    const chat = this.chats.get(chatId);
    if (!chat) throw new Error(`chat ${chatId} has no user; call addUser first`);
    return chat;
  }

  private privateChat(user: User) {
    return { id: user.id, type: "private" as const, first_name: user.first_name };
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
