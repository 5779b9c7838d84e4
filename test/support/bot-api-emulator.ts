import type { UserFromGetMe } from "grammy/types";
import { type HttpServer, listen } from "./emulator/http.js";
import { Methods } from "./emulator/methods.js";
import {
  type ApiCall,
  type CallbackAnswer,
  type ChatMessage,
  type CommandList,
  RateLimiter,
  Store,
  type WaitOptions,
} from "./emulator/store.js";
import { UserSimulator } from "./emulator/users.js";
import type { Json } from "./emulator/validate.js";

export type {
  ApiCall,
  ApiResponse,
  CallbackAnswer,
  ChatMessage,
  CommandList,
  MessageCall,
  MessageVersion,
  UploadedFile,
  WaitOptions,
} from "./emulator/store.js";
export { isBotMessage } from "./emulator/store.js";
export type { FoundButton, SimChannel, SimGroup, SimUser } from "./emulator/users.js";
export type { Button, ReplyMarkup } from "./emulator/validate.js";

/** Options of `startEmulator`; limits apply to methods that carry a chat_id. */
export interface EmulatorOptions {
  /** Token the bot is expected to use; any token is accepted. Default "123456:TEST". */
  token?: string;
  /** Default "saualnama_test_bot". */
  botUsername?: string;
  /** Global flood limit over a sliding one-second window (429 with retry_after). */
  rateLimit?: { perSecond: number };
  /** Per-chat flood limit over a sliding one-second window. */
  perChatPerSecond?: number;
  /** Chats whose user blocked the bot: send and edit calls answer 403. */
  blockedChats?: Iterable<number>;
}

function botInfo(token: string, username: string): UserFromGetMe {
  const id = Number(/^(\d+):/.exec(token)?.[1] ?? 123456);
  return {
    id,
    is_bot: true,
    first_name: "Saualnama Test",
    username,
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
}

/**
 * Starts a Telegram Bot API emulator on 127.0.0.1 (random port) for end-to-end tests;
 * point grammY at it with `client: { apiRoot }` or the bot process with BOT_API_ROOT.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<BotApiEmulator> {
  const store = new Store();
  const token = options.token ?? "123456:TEST";
  const me = botInfo(token, options.botUsername ?? "saualnama_test_bot");
  const limiter = new RateLimiter(options.rateLimit?.perSecond, options.perChatPerSecond);
  const methods = new Methods(store, me, limiter);
  const server = await listen((call) => methods.dispatch(call));
  for (const id of options.blockedChats ?? []) store.blocked.add(id);
  return new BotApiEmulator(store, server, token, me);
}

/** A running emulator: simulated users (see UserSimulator) plus inspection helpers. */
export class BotApiEmulator extends UserSimulator {
  /** Base URL for grammY's `client.apiRoot` (no trailing slash). */
  readonly apiRoot: string;

  constructor(
    store: Store,
    private readonly server: HttpServer,
    /** The token tests should give the bot; calls record the token actually used. */
    readonly token: string,
    me: UserFromGetMe,
  ) {
    super(store, me);
    this.apiRoot = `http://127.0.0.1:${server.port}`;
  }

  /** Rejects pending waiters, ends long polls and closes every connection. */
  async stop(): Promise<void> {
    this.store.stop();
    await this.server.close();
  }

  /** Every Bot API call so far, in completion order. */
  get calls(): readonly ApiCall[] {
    return this.store.calls;
  }

  /** Calls of one method (canonical name, e.g. "sendMessage"). */
  callsTo(method: string): ApiCall[] {
    return this.store.calls.filter((c) => c.method === method);
  }

  /** The newest bot message in a chat that is not deleted. */
  lastBotMessage(chatId: number): ChatMessage | undefined {
    return this.botMessages(chatId)
      .filter((m) => !m.deleted)
      .at(-1);
  }

  /** The bot's answer to a callback query, once answered. */
  callbackAnswer(queryId: string): CallbackAnswer | undefined {
    return this.store.callbackAnswers.get(queryId);
  }

  /** Commands set for a scope (default: the default scope) and language ("" = none). */
  myCommands(scope: Json = { type: "default" }, languageCode = ""): CommandList | undefined {
    return this.store.commands.get(this.store.commandsKey(scope, languageCode));
  }

  /** Resolves with the first call matching the predicate; see WaitOptions for the window. */
  waitFor<T extends ApiCall>(
    predicate: (call: ApiCall) => call is T,
    options?: WaitOptions,
  ): Promise<T>;
  waitFor(predicate: (call: ApiCall) => boolean, options?: WaitOptions): Promise<ApiCall>;
  waitFor(predicate: (call: ApiCall) => boolean, options?: WaitOptions): Promise<ApiCall> {
    return this.store.waitFor(predicate, options);
  }

  /** Next bot message in the chat not yet returned by this method (deterministic queue). */
  nextBotMessage(chatId: number, options: { timeoutMs?: number } = {}): Promise<ChatMessage> {
    return this.store.nextBotMessage(chatId, options.timeoutMs);
  }

  /** Resolves once the bot holds a getUpdates long poll open, i.e. it is up and idle. */
  waitForPolling(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.store.waitForPolling(options.timeoutMs);
  }

  /** Updates not yet confirmed by a getUpdates offset (delivered or not). */
  pendingUpdates(): number {
    return this.store.pending();
  }
}
