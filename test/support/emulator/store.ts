import { EventEmitter } from "node:events";
import type { BotCommand, Chat, Message, MessageEntity, Update } from "grammy/types";
import type { Json, ReplyMarkup } from "./validate.js";

/** A file the bot sent, kept with its bytes so tests can parse what users would receive. */
export interface UploadedFile {
  /** Request field the file was given for ("photo", "document"). */
  field: string;
  filename: string;
  /** Content-Type of the multipart part as the client sent it (grammY: octet-stream). */
  contentType: string;
  /** MIME type Telegram would report, derived from the file name. */
  mimeType: string;
  /** Uploaded bytes; empty when the bot passed an HTTP URL instead of uploading. */
  bytes: Buffer;
  /** Set when the bot passed an HTTP URL instead of uploading. */
  url?: string;
  file_id: string;
  file_unique_id: string;
}

/** The JSON body of a Bot API answer. */
export type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after: number } };

/** One Bot API request and the answer the emulator gave. */
export interface ApiCall {
  /** Position in `calls`; usable as `since` in `waitFor`. */
  seq: number;
  /** Canonical method name ("sendMessage"), whatever case the client used. */
  method: string;
  token: string;
  /** Parameters from query, body or multipart, with JSON-typed fields parsed. */
  params: Json;
  /** Files the call sent (multipart uploads and HTTP URLs), as stored. */
  files: UploadedFile[];
  /** Arrival time in ms. */
  at: number;
  response: ApiResponse;
  /** The stored message this call created, edited or deleted. */
  message?: ChatMessage;
}

/** A past state of an edited message. */
export interface MessageVersion {
  text?: string;
  caption?: string;
  entities?: MessageEntity[];
  reply_markup?: ReplyMarkup;
  /** When this version was replaced, in ms. */
  at: number;
}

/** A message as the emulator keeps it: current content, edit history and deletion flag. */
export interface ChatMessage {
  message_id: number;
  chat_id: number;
  sender: "bot" | "user";
  /** Unix time in seconds. */
  date: number;
  text?: string;
  caption?: string;
  /** Entities of the text or caption (HTML parse mode is parsed). */
  entities?: MessageEntity[];
  /** Any markup, including reply keyboards, which Message objects do not carry. */
  reply_markup?: ReplyMarkup;
  file?: UploadedFile;
  /** Earlier versions, oldest first. */
  edits: MessageVersion[];
  deleted: boolean;
  /** The current Telegram Message object. */
  raw: Message;
}

/** Per-chat state: chat object, message ids and messages. */
export interface ChatState {
  chat: Chat;
  lastMessageId: number;
  messages: Map<number, ChatMessage>;
  instance: string;
}

/** What the bot answered to a callback query. */
export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

/** A command list as set by setMyCommands for one scope and language. */
export interface CommandList {
  commands: BotCommand[];
  scope: Json;
  language_code: string;
}

/** Options for waiting on Bot API calls. */
export interface WaitOptions {
  /** Default 5000. */
  timeoutMs?: number;
  /** First `calls` index to consider; default: only calls made from now on. */
  since?: number;
  /** Chat whose recent calls are listed in the timeout error. */
  chatId?: number;
  /** What is awaited, for the timeout error. */
  description?: string;
}

/** Parameters of one getUpdates call, already validated. */
export interface PollRequest {
  offset: number;
  limit: number;
  timeoutSec: number;
  allowed: readonly string[] | undefined;
}

const DEFAULT_EXCLUDED = ["chat_member", "message_reaction", "message_reaction_count"];

/** The numeric chat id a call targets, if any. */
function chatIdOf(call: ApiCall): number | undefined {
  const id = call.params.chat_id;
  return typeof id === "number" ? id : undefined;
}

/** An ApiCall known to carry the message it stored. */
export type MessageCall = ApiCall & { message: ChatMessage };

/** True for successful calls that put a new bot message into a chat. */
export function isBotMessage(call: ApiCall, chatId?: number): call is MessageCall {
  return (
    call.response.ok &&
    call.message?.sender === "bot" &&
    call.method.startsWith("send") &&
    (chatId === undefined || call.message.chat_id === chatId)
  );
}

function prune(window: number[], now: number): void {
  while ((window[0] ?? now) <= now - 1000) window.shift();
}

function retryAfter(window: number[], cap: number | undefined, now: number): number {
  if (cap === undefined || window.length < cap) return 0;
  const oldest = window[window.length - cap] ?? now;
  return Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
}

/** Sliding one-second windows emulating Telegram's flood control. */
export class RateLimiter {
  private readonly global: number[] = [];
  private readonly perChat = new Map<string, number[]>();

  constructor(
    private readonly perSecond?: number,
    private readonly perChatPerSecond?: number,
  ) {}

  /** Returns 0 and counts the call when allowed, else the retry_after seconds. */
  take(chat: string, now: number): number {
    const chatWindow = this.perChat.get(chat) ?? [];
    this.perChat.set(chat, chatWindow);
    prune(this.global, now);
    prune(chatWindow, now);
    const wait = Math.max(
      retryAfter(this.global, this.perSecond, now),
      retryAfter(chatWindow, this.perChatPerSecond, now),
    );
    if (wait === 0) {
      this.global.push(now);
      chatWindow.push(now);
    }
    return wait;
  }
}

/** All emulator state: chats, recorded calls, the update queue and long polling. */
export class Store {
  readonly events = new EventEmitter();
  readonly calls: ApiCall[] = [];
  readonly chats = new Map<number, ChatState>();
  readonly blocked = new Set<number>();
  readonly commands = new Map<string, CommandList>();
  readonly files = new Map<string, UploadedFile>();
  /** Callback query id -> the bot's answer; `undefined` while unanswered. */
  readonly callbackAnswers = new Map<string, CallbackAnswer | undefined>();
  webhookUrl = "";
  private queue: Array<{ update: Update; delivered: boolean }> = [];
  private readonly history = new Map<number, Update>();
  private readonly cursors = new Map<number, number>();
  private allowed: readonly string[] | undefined;
  private nextUpdateId = 1;
  private counter = 0;
  private supersede: (() => void) | undefined;

  constructor() {
    this.events.setMaxListeners(0);
  }

  /** A fresh number for file ids, callback query ids and the like. */
  nextSerial(): number {
    this.counter += 1;
    return this.counter;
  }

  /** Returns the chat's state, creating it; a given chat object refreshes the stored one. */
  chatState(id: number, chat?: Chat): ChatState {
    let state = this.chats.get(id);
    if (state === undefined) {
      const guessed: Chat =
        id > 0
          ? { id, type: "private", first_name: `User${id}` }
          : { id, type: id < -1e12 ? "supergroup" : "group", title: `Chat${id}` };
      const instance = String(10 ** 15 + id);
      state = { chat: guessed, lastMessageId: 0, messages: new Map(), instance };
      this.chats.set(id, state);
    }
    if (chat !== undefined) state.chat = structuredClone(chat);
    return state;
  }

  /** Map key of a command list: setMyCommands scope plus language code. */
  commandsKey(scope: Json, languageCode: string): string {
    return `${JSON.stringify(scope, Object.keys(scope).sort())}|${languageCode}`;
  }

  /** Allocates the next message id of a chat, shared by bot and users as in Telegram. */
  nextMessageId(chatId: number): number {
    const state = this.chatState(chatId);
    state.lastMessageId += 1;
    return state.lastMessageId;
  }

  /** Stores a message under its chat. */
  saveMessage(message: ChatMessage): ChatMessage {
    this.chatState(message.chat_id).messages.set(message.message_id, message);
    return message;
  }

  /** Records a finished API call and notifies waiters. */
  record(call: Omit<ApiCall, "seq">): ApiCall {
    const full = { ...call, seq: this.calls.length };
    this.calls.push(full);
    this.events.emit("call", full);
    return full;
  }

  /** Enqueues an update, assigning a fresh update_id unless it has one. */
  enqueue(update: Json): Update {
    const typed = update as unknown as Update;
    if (typeof update.update_id !== "number") {
      typed.update_id = this.nextUpdateId;
    }
    this.nextUpdateId = Math.max(this.nextUpdateId, typed.update_id + 1);
    this.history.set(typed.update_id, typed);
    this.insert(typed);
    return typed;
  }

  /** Puts an earlier update back into the queue with its original update_id. */
  redeliver(updateId: number): Update {
    const update = this.history.get(updateId);
    if (update === undefined) throw new Error(`No update ${updateId} was ever enqueued`);
    this.queue = this.queue.filter((e) => e.update.update_id !== updateId);
    this.insert(update);
    return update;
  }

  private insert(update: Update): void {
    this.queue.push({ update, delivered: false });
    this.queue.sort((a, b) => a.update.update_id - b.update.update_id);
    this.events.emit("update", update);
  }

  /** Updates not yet confirmed by the bot, delivered or not. */
  pending(): number {
    return this.queue.length;
  }

  /** Drops all queued updates (deleteWebhook/setWebhook with drop_pending_updates). */
  dropPending(): void {
    this.queue = [];
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((k) => k !== "update_id") ?? "";
    return this.allowed === undefined
      ? !DEFAULT_EXCLUDED.includes(type)
      : this.allowed.includes(type);
  }

  /**
   * Answers one getUpdates call: confirms updates below `offset` that were handed out,
   * then long-polls. A newer call supersedes a waiting one, which gets "conflict".
   */
  async poll(req: PollRequest, signal: AbortSignal): Promise<Update[] | "conflict"> {
    this.supersede?.();
    if (req.allowed !== undefined) this.allowed = req.allowed.length > 0 ? req.allowed : undefined;
    const { offset } = req;
    if (offset > 0) {
      this.queue = this.queue.filter((e) => !(e.delivered && e.update.update_id < offset));
    }
    this.queue = this.queue.filter((e) => this.isAllowed(e.update));
    if (this.queue.length === 0 && req.timeoutSec > 0) {
      if ((await this.waitForUpdate(req.timeoutSec * 1000, signal)) === "conflict") {
        return "conflict";
      }
      this.queue = this.queue.filter((e) => this.isAllowed(e.update));
    }
    if (signal.aborted) return [];
    const batch = this.queue.slice(0, req.limit);
    for (const entry of batch) entry.delivered = true;
    return batch.map((e) => e.update);
  }

  private waitForUpdate(ms: number, signal: AbortSignal): Promise<"ready" | "conflict"> {
    return new Promise((resolve) => {
      const finish = (outcome: "ready" | "conflict"): void => {
        clearTimeout(timer);
        this.events.off("update", onUpdate);
        this.events.off("stop", onStop);
        signal.removeEventListener("abort", onStop);
        if (this.supersede === onConflict) this.supersede = undefined;
        resolve(outcome);
      };
      const onUpdate = (update: Update): void => {
        if (this.isAllowed(update)) finish("ready");
      };
      const onStop = (): void => finish("ready");
      const onConflict = (): void => finish("conflict");
      const timer = setTimeout(onStop, ms);
      this.supersede = onConflict;
      this.events.emit("polling");
      this.events.on("update", onUpdate);
      this.events.on("stop", onStop);
      signal.addEventListener("abort", onStop);
      if (signal.aborted) onStop();
    });
  }

  /** True while a getUpdates long poll is held open, waiting for updates. */
  isPolling(): boolean {
    return this.supersede !== undefined;
  }

  /** Resolves once a getUpdates long poll is held open (the bot is up and idle). */
  waitForPolling(timeoutMs = 5000): Promise<void> {
    if (this.isPolling()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        this.events.off("polling", onPolling);
        this.events.off("stop", onStop);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onPolling = (): void => settle();
      const onStop = (): void => settle(new Error("Emulator stopped while waiting for polling"));
      const timer = setTimeout(
        () => settle(new Error(`No getUpdates long poll within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.events.on("polling", onPolling);
      this.events.on("stop", onStop);
    });
  }

  /** Resolves with the first call (from `since` on) matching the predicate. */
  waitFor<T extends ApiCall>(
    predicate: (call: ApiCall) => call is T,
    options?: WaitOptions,
  ): Promise<T>;
  waitFor(predicate: (call: ApiCall) => boolean, options?: WaitOptions): Promise<ApiCall>;
  waitFor(predicate: (call: ApiCall) => boolean, options: WaitOptions = {}): Promise<ApiCall> {
    const { timeoutMs = 5000, since = this.calls.length } = options;
    const what = options.description ?? "a matching Bot API call";
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void): void => {
        settled = true;
        clearTimeout(timer);
        this.events.off("call", onCall);
        this.events.off("stop", onStop);
        action();
      };
      const onCall = (call: ApiCall): void => {
        try {
          if (predicate(call)) settle(() => resolve(call));
        } catch (error) {
          settle(() => reject(error));
        }
      };
      const onStop = (): void =>
        settle(() => reject(new Error(`Emulator stopped while waiting for ${what}`)));
      const timer = setTimeout(
        () => settle(() => reject(new Error(this.timeoutReport(what, timeoutMs, options.chatId)))),
        timeoutMs,
      );
      this.events.on("call", onCall);
      this.events.on("stop", onStop);
      for (const call of this.calls.slice(since)) {
        if (settled) break;
        onCall(call);
      }
    });
  }

  private timeoutReport(what: string, timeoutMs: number, chatId?: number): string {
    const recent = this.calls
      .filter((c) => chatId === undefined || chatIdOf(c) === chatId)
      .slice(-5)
      .map((c) => {
        const outcome = c.response.ok ? "ok" : `${c.response.error_code} ${c.response.description}`;
        return `  #${c.seq} ${c.method} ${JSON.stringify(c.params).slice(0, 200)} -> ${outcome}`;
      });
    const scope = chatId === undefined ? "" : ` for chat ${chatId}`;
    return [
      `Timed out after ${timeoutMs} ms waiting for ${what}.`,
      `Updates not yet confirmed by the bot: ${this.queue.length}.`,
      `Last calls${scope}:`,
      ...(recent.length > 0 ? recent : ["  (none)"]),
    ].join("\n");
  }

  /** Next bot message in a chat not yet returned by this method (a per-chat queue). */
  async nextBotMessage(chatId: number, timeoutMs?: number): Promise<ChatMessage> {
    const call = await this.waitFor((c): c is MessageCall => isBotMessage(c, chatId), {
      since: this.cursors.get(chatId) ?? 0,
      timeoutMs,
      chatId,
      description: `a bot message in chat ${chatId}`,
    });
    this.cursors.set(chatId, call.seq + 1);
    return call.message;
  }

  /** Wakes every long poll and rejects every waiter. */
  stop(): void {
    this.events.emit("stop");
  }
}
