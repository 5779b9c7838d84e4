import { basename } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { Message, MessageEntity, User, UserFromGetMe } from "grammy/types";
import type { Decoded, FilePart, IncomingCall } from "./http.js";
import type {
  ApiResponse,
  ChatMessage,
  ChatState,
  RateLimiter,
  Store,
  UploadedFile,
} from "./store.js";
import {
  ApiError,
  badRequest,
  checkMarkup,
  type Formatted,
  inlineOf,
  isJson,
  type Json,
  parseHtml,
  type ReplyMarkup,
  trimFormatted,
} from "./validate.js";

interface Context extends Decoded {
  signal: AbortSignal;
  /** What the call touched, for the recorded ApiCall. */
  out: { message?: ChatMessage; files: UploadedFile[] };
}

type Handler = (ctx: Context) => unknown;

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly " +
  "the same as a current content and reply markup of the message";
const QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid";
const CHAT_ACTIONS = (
  "typing upload_photo record_video upload_video record_voice upload_voice " +
  "upload_document choose_sticker find_location record_video_note upload_video_note"
).split(" ");
const MIME: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  pdf: "application/pdf",
  csv: "text/csv",
  txt: "text/plain",
  json: "application/json",
  zip: "application/zip",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

function str(params: Json, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object") throw badRequest(`field "${key}" must be of type String`);
  return String(value);
}

function int(params: Json, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  throw badRequest(`field "${key}" must be of type Integer`);
}

function entitiesParam(raw: unknown): MessageEntity[] {
  if (raw === undefined) return [];
  const valid = (e: unknown): boolean =>
    isJson(e) &&
    typeof e.type === "string" &&
    Number.isInteger(e.offset) &&
    Number.isInteger(e.length);
  if (!Array.isArray(raw) || !raw.every(valid))
    throw badRequest("can't parse entities JSON object");
  return raw as MessageEntity[];
}

/** Rejects uploads Telegram could not process as a photo. */
function checkImage(bytes: Buffer): void {
  const head = bytes.toString("latin1", 0, 12);
  const webp = head.startsWith("RIFF") && head.slice(8) === "WEBP";
  if (!webp && !/^(\x89PNG|\xff\xd8\xff|GIF8|BM)/.test(head)) {
    throw badRequest("IMAGE_PROCESS_FAILED");
  }
  const { width, height } = imageSize(bytes);
  if (width + height > 10000 || Math.max(width, height) > 20 * Math.min(width, height)) {
    throw badRequest("PHOTO_INVALID_DIMENSIONS");
  }
}

/** PNG dimensions from the IHDR chunk; other formats report a nominal 512x512. */
function imageSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  return { width: 512, height: 512 };
}

/** The `from` of bot messages: the bot as a plain User, as Telegram sends it. */
export function senderOf(me: UserFromGetMe): User {
  return { id: me.id, is_bot: true, first_name: me.first_name, username: me.username };
}

/** Bot API method handlers plus the dispatcher that validates, throttles and records. */
export class Methods {
  private readonly handlers: Record<string, Handler>;
  private readonly canonical = new Map<string, string>();
  private readonly sender: User;

  constructor(
    private readonly store: Store,
    private readonly me: UserFromGetMe,
    private readonly limiter: RateLimiter,
  ) {
    this.sender = senderOf(me);
    const accept = (): boolean => true;
    this.handlers = {
      getMe: () => this.me,
      logOut: accept,
      close: accept,
      getUpdates: (ctx) => this.getUpdates(ctx),
      setWebhook: ({ params }) => this.setWebhook(str(params, "url") ?? "", params),
      deleteWebhook: ({ params }) => this.setWebhook("", params),
      getWebhookInfo: () => ({
        url: this.store.webhookUrl,
        has_custom_certificate: false,
        pending_update_count: this.store.pending(),
      }),
      sendMessage: (ctx) => this.sendMessage(ctx),
      sendPhoto: (ctx) => this.sendFile(ctx, "photo"),
      sendDocument: (ctx) => this.sendFile(ctx, "document"),
      sendChatAction: ({ params }) => {
        this.chatOf(params);
        if (!CHAT_ACTIONS.includes(str(params, "action") ?? "")) {
          throw badRequest("wrong parameter action in request");
        }
        return true;
      },
      editMessageText: (ctx) => this.editText(ctx),
      editMessageCaption: (ctx) => this.editCaption(ctx),
      editMessageReplyMarkup: (ctx) =>
        this.edit(ctx, this.target(ctx.params), {}, this.inlineParam(ctx.params)),
      deleteMessage: (ctx) => this.deleteMessage(ctx),
      answerCallbackQuery: ({ params }) => this.answerCallbackQuery(params),
      setMyCommands: ({ params }) => this.setMyCommands(params),
      getMyCommands: ({ params }) => this.store.commands.get(this.scopeKey(params))?.commands ?? [],
      deleteMyCommands: ({ params }) => {
        this.store.commands.delete(this.scopeKey(params));
        return true;
      },
      getChat: ({ params }) => ({ ...this.chatOf(params).chat, accent_color_id: 0 }),
      setMyDescription: accept,
      setMyShortDescription: accept,
      setMyName: accept,
      setChatMenuButton: accept,
    };
    for (const name of Object.keys(this.handlers)) this.canonical.set(name.toLowerCase(), name);
  }

  /** Runs one request and records it; every outcome is a Telegram-shaped answer. */
  async dispatch(call: IncomingCall): Promise<ApiResponse> {
    const method = this.canonical.get(call.method.toLowerCase());
    const ctx: Context = { params: {}, files: new Map(), signal: call.signal, out: { files: [] } };
    let response: ApiResponse;
    try {
      Object.assign(ctx, await call.load());
      const handler = method === undefined ? undefined : this.handlers[method];
      if (method === undefined || handler === undefined) throw new ApiError(404, "Not Found");
      this.guard(method, ctx.params, call.at);
      response = { ok: true, result: await handler(ctx) };
    } catch (thrown) {
      if (!(thrown instanceof ApiError) && call.signal.aborted) throw thrown;
      const error =
        thrown instanceof ApiError
          ? thrown
          : new ApiError(500, `Internal emulator error: ${(thrown as Error).message}`);
      const { code, message, retryAfter } = error;
      response = { ok: false, error_code: code, description: message };
      if (retryAfter !== undefined) response.parameters = { retry_after: retryAfter };
    }
    this.store.record({
      method: method ?? call.method,
      token: call.token,
      params: ctx.params,
      files: ctx.out.files,
      at: call.at,
      response,
      message: ctx.out.message,
    });
    return response;
  }

  /** Flood control for chat-targeted methods, then the blocked-user check for send/edit. */
  private guard(method: string, params: Json, at: number): void {
    const chatId = params.chat_id;
    if (chatId === undefined || method === "getChat") return;
    const wait = this.limiter.take(String(chatId), at);
    if (wait > 0) throw new ApiError(429, `Too Many Requests: retry after ${wait}`, wait);
    if (/^(send|edit)/.test(method) && this.store.blocked.has(Number(chatId))) {
      throw new ApiError(403, "Forbidden: bot was blocked by the user");
    }
  }

  private async getUpdates({ params, signal }: Context): Promise<unknown> {
    if (this.store.webhookUrl !== "") {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; " +
          "use deleteWebhook to delete the webhook first",
      );
    }
    const allowed = params.allowed_updates;
    if (
      allowed !== undefined &&
      !(Array.isArray(allowed) && allowed.every((a) => typeof a === "string"))
    ) {
      throw badRequest("can't parse allowed_updates JSON array");
    }
    const limit = Math.min(100, Math.max(1, int(params, "limit") ?? 100));
    const timeoutSec = Math.max(0, int(params, "timeout") ?? 0);
    const offset = int(params, "offset") ?? 0;
    const result = await this.store.poll({ offset, limit, timeoutSec, allowed }, signal);
    if (result === "conflict") {
      throw new ApiError(
        409,
        "Conflict: terminated by other getUpdates request; " +
          "make sure that only one bot instance is running",
      );
    }
    return result;
  }

  private setWebhook(url: string, params: Json): true {
    if (url !== "" && !url.startsWith("https://")) {
      throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
    }
    this.store.webhookUrl = url;
    if (params.drop_pending_updates === true) this.store.dropPending();
    return true;
  }

  private chatOf(params: Json): ChatState {
    const id = params.chat_id;
    if (id === undefined || id === "") throw badRequest("chat_id is empty");
    if (typeof id === "number" && Number.isSafeInteger(id) && id !== 0) {
      return this.store.chatState(id);
    }
    const username = typeof id === "string" && id.startsWith("@") ? id.slice(1) : undefined;
    const found = [...this.store.chats.values()].find(
      (s) => "username" in s.chat && s.chat.username === username,
    );
    if (found === undefined) throw badRequest("chat not found");
    return found;
  }

  private formatted(params: Json, key: string, entitiesKey: string): Formatted {
    const raw = str(params, key) ?? "";
    const mode = str(params, "parse_mode") ?? "";
    if (/^html$/i.test(mode)) return trimFormatted(parseHtml(raw));
    if (mode !== "" && !/^markdown(v2)?$/i.test(mode)) throw badRequest("unsupported parse_mode");
    return trimFormatted({ text: raw, entities: entitiesParam(params[entitiesKey]) });
  }

  private messageText(params: Json): Formatted {
    const formatted = this.formatted(params, "text", "entities");
    if (formatted.text === "") throw badRequest("message text is empty");
    if (formatted.text.length > 4096) throw badRequest("message is too long");
    return formatted;
  }

  private caption(params: Json): Pick<ChatMessage, "caption" | "entities"> {
    const { text, entities } = this.formatted(params, "caption", "caption_entities");
    if (text.length > 1024) throw badRequest("message caption is too long");
    return text === "" ? {} : { caption: text, entities };
  }

  private inlineParam(params: Json): ReplyMarkup | undefined {
    const markup = checkMarkup(params.reply_markup);
    if (markup !== undefined && inlineOf(markup) === undefined) {
      throw badRequest("inline keyboard expected");
    }
    return markup;
  }

  /** The Message object Telegram returns for a bot message in its current state. */
  private render(msg: Omit<ChatMessage, "raw">, editDate?: number): Message {
    const raw: Json = {
      message_id: msg.message_id,
      from: structuredClone(this.sender),
      chat: structuredClone(this.store.chatState(msg.chat_id).chat),
      date: msg.date,
    };
    if (editDate !== undefined) raw.edit_date = editDate;
    const entities =
      msg.entities !== undefined && msg.entities.length > 0 ? msg.entities : undefined;
    if (msg.text !== undefined) Object.assign(raw, { text: msg.text, entities });
    const file = msg.file;
    if (file?.field === "photo") {
      const { width, height } = imageSize(file.bytes);
      const ids = { file_id: file.file_id, file_unique_id: file.file_unique_id };
      const full = { ...ids, width, height, file_size: file.bytes.length };
      const scale = 90 / Math.max(width, height);
      const thumb = {
        ...ids,
        width: Math.round(width * scale),
        height: Math.round(height * scale),
      };
      raw.photo = scale < 1 ? [thumb, full] : [full];
    } else if (file !== undefined) {
      raw.document = {
        file_id: file.file_id,
        file_unique_id: file.file_unique_id,
        file_name: file.filename,
        mime_type: file.mimeType,
        file_size: file.bytes.length,
      };
    }
    if (msg.caption !== undefined) {
      Object.assign(raw, { caption: msg.caption, caption_entities: entities });
    }
    raw.reply_markup = inlineOf(msg.reply_markup);
    return JSON.parse(JSON.stringify(raw)) as Message;
  }

  private send(ctx: Context, chat: ChatState, content: Partial<ChatMessage>): Message {
    const message_id = this.store.nextMessageId(chat.chat.id);
    const date = Math.floor(Date.now() / 1000);
    const base = { message_id, chat_id: chat.chat.id, sender: "bot" as const, date };
    const msg = { ...base, ...content, edits: [], deleted: false };
    const saved = this.store.saveMessage({ ...msg, raw: this.render(msg) });
    ctx.out.message = saved;
    return saved.raw;
  }

  private sendMessage(ctx: Context): Message {
    const chat = this.chatOf(ctx.params);
    const { text, entities } = this.messageText(ctx.params);
    const reply_markup = checkMarkup(ctx.params.reply_markup);
    return this.send(ctx, chat, { text, entities, reply_markup });
  }

  private sendFile(ctx: Context, field: "photo" | "document"): Message {
    const chat = this.chatOf(ctx.params);
    const file = this.inputFile(ctx, field);
    if (field === "photo" && file.url === undefined) checkImage(file.bytes);
    const caption = this.caption(ctx.params);
    const reply_markup = checkMarkup(ctx.params.reply_markup);
    return this.send(ctx, chat, { ...caption, reply_markup, file });
  }

  /** Resolves an uploaded part (attach:// or same-name), an HTTP URL or a known file_id. */
  private inputFile(ctx: Context, field: string): UploadedFile {
    const value = ctx.params[field];
    const ref = typeof value === "string" ? value : "";
    const attached = ref.startsWith("attach://");
    const part = attached ? ctx.files.get(ref.slice(9)) : ctx.files.get(field);
    if (part !== undefined) {
      if (part.bytes.length === 0) throw badRequest("file must be non-empty");
      return this.upload(ctx, field, part);
    }
    if (ref === "" || attached) throw badRequest(`there is no ${field} in the request`);
    if (/^https?:\/\//i.test(ref)) {
      const filename = basename(new URL(ref).pathname) || field;
      return this.upload(ctx, field, { filename, contentType: "", bytes: Buffer.alloc(0) }, ref);
    }
    const known = this.store.files.get(ref);
    if (known === undefined) throw badRequest("wrong file identifier/HTTP URL specified");
    return known;
  }

  private upload(ctx: Context, field: string, part: FilePart, url?: string): UploadedFile {
    const serial = this.store.nextSerial();
    const extension = /\.([a-z0-9]+)$/i.exec(part.filename)?.[1]?.toLowerCase() ?? "";
    const file: UploadedFile = {
      field,
      ...part,
      mimeType: MIME[extension] ?? "application/octet-stream",
      url,
      file_id: `${field === "photo" ? "AgACAgIAAxkDAAI" : "BQACAgIAAxkDAAI"}${serial}`,
      file_unique_id: `AQAD${serial}`,
    };
    this.store.files.set(file.file_id, file);
    ctx.out.files.push(file);
    return file;
  }

  private target(params: Json): ChatMessage | undefined {
    if (params.inline_message_id !== undefined) return undefined;
    const chat = this.chatOf(params);
    const id = int(params, "message_id");
    if (id === undefined) throw badRequest("message identifier is not specified");
    const msg = chat.messages.get(id);
    if (msg === undefined || msg.deleted) throw badRequest("message to edit not found");
    if (msg.sender !== "bot") throw badRequest("message can't be edited");
    return msg;
  }

  private editText(ctx: Context): Message | true {
    const { text, entities } = this.messageText(ctx.params);
    const markup = this.inlineParam(ctx.params);
    const msg = this.target(ctx.params);
    if (msg !== undefined && msg.text === undefined) {
      throw badRequest("there is no text in the message to edit");
    }
    return this.edit(ctx, msg, { text, entities }, markup);
  }

  private editCaption(ctx: Context): Message | true {
    const { caption, entities = [] } = this.caption(ctx.params);
    const markup = this.inlineParam(ctx.params);
    const msg = this.target(ctx.params);
    if (msg !== undefined && msg.file === undefined) {
      throw badRequest("there is no caption in the message to edit");
    }
    return this.edit(ctx, msg, { caption, entities }, markup);
  }

  /**
   * Applies an edit. An absent inline keyboard removes the current one, as in Telegram;
   * an edit that changes nothing fails with "message is not modified".
   */
  private edit(
    ctx: Context,
    msg: ChatMessage | undefined,
    changes: Partial<ChatMessage>,
    markup: ReplyMarkup | undefined,
  ): Message | true {
    if (msg === undefined) return true;
    const current = inlineOf(msg.reply_markup);
    const before = {
      text: msg.text,
      caption: msg.caption,
      entities: msg.entities ?? [],
      markup: current,
    };
    if (isDeepStrictEqual(before, { ...before, ...changes, markup }))
      throw badRequest(NOT_MODIFIED);
    const { text, caption, entities, reply_markup } = msg;
    msg.edits.push({ text, caption, entities, reply_markup, at: Date.now() });
    Object.assign(msg, changes);
    msg.reply_markup = markup ?? (current === undefined ? msg.reply_markup : undefined);
    msg.raw = this.render(msg, Math.floor(Date.now() / 1000));
    ctx.out.message = msg;
    return msg.raw;
  }

  private deleteMessage(ctx: Context): true {
    const chat = this.chatOf(ctx.params);
    const id = int(ctx.params, "message_id");
    if (id === undefined) throw badRequest("message identifier is not specified");
    const msg = chat.messages.get(id);
    if (msg === undefined || msg.deleted) throw badRequest("message to delete not found");
    msg.deleted = true;
    ctx.out.message = msg;
    return true;
  }

  private answerCallbackQuery(params: Json): true {
    const id = str(params, "callback_query_id") ?? "";
    const text = str(params, "text");
    if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
    const answers = this.store.callbackAnswers;
    if (!answers.has(id) || answers.get(id) !== undefined) throw badRequest(QUERY_INVALID);
    const url = str(params, "url");
    const cache_time = int(params, "cache_time");
    answers.set(id, {
      text,
      show_alert: params.show_alert === true,
      url,
      cache_time,
      at: Date.now(),
    });
    return true;
  }

  private scopeKey(params: Json): string {
    const scope = params.scope ?? { type: "default" };
    if (!isJson(scope) || typeof scope.type !== "string") {
      throw badRequest("can't parse BotCommandScope JSON object");
    }
    return this.store.commandsKey(scope, str(params, "language_code") ?? "");
  }

  private setMyCommands(params: Json): true {
    const commands = params.commands;
    if (!Array.isArray(commands) || commands.length > 100) {
      throw badRequest("can't parse commands JSON array");
    }
    for (const c of commands) {
      if (!isJson(c) || typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
        throw badRequest("BOT_COMMAND_INVALID");
      }
      const description = typeof c.description === "string" ? c.description.trim() : "";
      if (description.length < 1 || description.length > 256) {
        throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      }
    }
    const key = this.scopeKey(params);
    this.store.commands.set(key, {
      commands,
      scope: (params.scope as Json | undefined) ?? { type: "default" },
      language_code: str(params, "language_code") ?? "",
    });
    return true;
  }
}
